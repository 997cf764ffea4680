package org.ferry.api.organization;

import java.util.Objects;

/**
 * An organizational unit that scopes data in a system: an F&amp;O legal entity ({@code USMF}), a Sales
 * business unit, a CDS organization record ({@code ORG001}).
 *
 * @param id       the identifier used in organization mappings and in reads and writes
 * @param name     a display name
 * @param kind     what it is in its system
 * @param parentId the parent unit's id (child business units), or {@code null}
 */
public record OrganizationUnit(String id, String name, Kind kind, String parentId) {
    public OrganizationUnit {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        name = name == null || name.isBlank() ? id : name;
    }

    /** What kind of unit it is. */
    public enum Kind {
        /** An F&amp;O legal entity or company ({@code dataAreaId}). */
        LEGAL_ENTITY,
        /** A Dataverse/Sales business unit, root or child. */
        BUSINESS_UNIT,
        /** A record of the Common Data Service Organization entity. */
        ORGANIZATION,
        /** Anything else a partner connector scopes by. */
        OTHER
    }
}
