package org.ferry.api.connector;

import java.util.List;
import java.util.Objects;

import org.ferry.api.organization.OrganizationUnit;

/**
 * What to read.
 *
 * @param entity       the entity's logical name
 * @param fields       the fields to return (the system may return more); empty means all fields
 * @param organization the organization unit to read from, or {@code null} for every unit the connection
 *                     can see (F&amp;O {@code cross-company=true})
 * @param checkpoint   the checkpoint a previous read returned, to read only what changed since; {@code null}
 *                     for a full read. Ignored by connections without change tracking.
 * @param filter       an OData-style filter ({@code statecode eq 0 and revenue gt 1000}) to push down when
 *                     {@link Capabilities#filterPushdown()} is {@code true}, or {@code null}
 * @param pageSize     the preferred number of records per page; the connection may use fewer
 */
public record ReadRequest(String entity, List<String> fields, OrganizationUnit organization, String checkpoint,
                          String filter, int pageSize) {
    public ReadRequest {
        Objects.requireNonNull(entity, "entity");
        fields = fields == null ? List.of() : List.copyOf(fields);
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1");
        }
    }

    /** A full read of all fields of an entity in every organization unit. */
    public static ReadRequest full(String entity, int pageSize) {
        return new ReadRequest(entity, List.of(), null, null, null, pageSize);
    }
}
