package org.ferry.runtime.management;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.ferry.api.organization.OrganizationMapping;

/**
 * A connection set: connections by role, named organization mappings and integration keys.
 *
 * @param id                   stable id ({@code null} in a draft)
 * @param name                 display name
 * @param connections          role ({@code sales}, {@code cds}, {@code operations}) to connection id
 * @param organizationMappings named mappings of role to organization unit id
 * @param integrationKeys      role to entity to the fields that identify its records when another record
 *                             refers to them ({@code {"sales": {"account": ["accountnumber"]}}})
 * @param createdAt            when it was created ({@code null} in a draft)
 * @param updatedAt            when it last changed ({@code null} in a draft)
 */
public record ConnectionSetInfo(String id, String name, Map<String, String> connections,
                                List<OrganizationMapping> organizationMappings,
                                Map<String, Map<String, List<String>>> integrationKeys,
                                Instant createdAt, Instant updatedAt) {
    public ConnectionSetInfo {
        connections = connections == null ? Map.of() : Map.copyOf(connections);
        organizationMappings = organizationMappings == null ? List.of() : List.copyOf(organizationMappings);
        integrationKeys = integrationKeys == null ? Map.of() : Map.copyOf(integrationKeys);
    }

    /** @return the integration key fields of an entity in a role, or an empty list */
    public List<String> integrationKey(String role, String entity) {
        return integrationKeys.getOrDefault(role, Map.of()).getOrDefault(entity, List.of());
    }
}
