package org.ferry.api.organization;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A named organization mapping of a connection set: for each connection role ({@code sales},
 * {@code cds}, {@code operations}), the id of the organization unit a project works in
 * ({@code {"operations": "USMF", "sales": "<root business unit>", "cds": "ORG001"}}).
 *
 * @param name  the mapping's name, unique within its connection set
 * @param units role to organization unit id; a role absent here is not scoped
 */
public record OrganizationMapping(String name, Map<String, String> units) {
    public OrganizationMapping {
        Objects.requireNonNull(name, "name");
        units = units == null ? Map.of() : Map.copyOf(units);
    }

    /** @return the unit id for a role, if the mapping scopes it */
    public Optional<String> unit(String role) {
        return Optional.ofNullable(units.get(role));
    }
}
