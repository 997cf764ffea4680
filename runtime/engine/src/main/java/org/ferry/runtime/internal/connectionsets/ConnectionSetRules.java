package org.ferry.runtime.internal.connectionsets;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.ferry.api.organization.OrganizationMapping;
import org.ferry.runtime.internal.validation.Problems;
import org.ferry.runtime.management.ConnectionSetInfo;

/**
 * The structural rules of a connection set, checked before anything is stored. Whether the connections
 * exist is checked against the store by {@link ConnectionSetManager}.
 */
final class ConnectionSetRules {
    /**
     * Role names appear in leg names ({@code sales:account}) and field paths, so they are plain
     * identifiers; templates use {@code sales}, {@code cds}, {@code operations}.
     */
    /** Bounds on the lists inside a set, so every accepted set is one the store, the API and the console handle. */
    static final int MAX_ROLES = 20;
    static final int MAX_MAPPINGS = 1000;
    static final int MAX_KEY_ENTITIES = 500;
    static final int MAX_KEY_FIELDS = 20;
    static final Pattern ROLE = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,99}");

    private ConnectionSetRules() {
    }

    static void check(ConnectionSetInfo draft, Problems problems) {
        problems.name("name", draft.name());
        Map<String, String> connections = draft.connections();
        if (connections.isEmpty()) {
            problems.add("connections", "needs at least one connection, by role (for example sales, cds, operations)");
        }
        if (connections.size() > MAX_ROLES) {
            problems.add("connections", "must have at most " + MAX_ROLES + " roles");
            return;
        }
        if (draft.organizationMappings().size() > MAX_MAPPINGS) {
            problems.add("organizationMappings", "must have at most " + MAX_MAPPINGS + " organization mappings");
            return;
        }
        for (Map.Entry<String, String> e : connections.entrySet()) {
            if (!ROLE.matcher(e.getKey()).matches()) {
                problems.add("connections." + e.getKey(), "is not a valid role name: use a letter, then letters,"
                        + " digits, '-' or '_' (at most 100)");
            }
            if (e.getValue() == null || e.getValue().isBlank()) {
                problems.add("connections." + e.getKey(), "needs a connection id");
            }
        }
        checkMappings(draft.organizationMappings(), connections.keySet(), problems);
        checkKeys(draft.integrationKeys(), connections.keySet(), problems);
    }

    private static void checkMappings(List<OrganizationMapping> mappings, Set<String> roles, Problems problems) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < mappings.size(); i++) {
            OrganizationMapping m = mappings.get(i);
            String path = "organizationMappings[" + i + "]";
            if (m == null) {
                problems.add(path, "must not be empty");
                continue;
            }
            if (problems.name(path + ".name", m.name()) && !names.add(m.name().strip())) {
                problems.add(path + ".name", "another organization mapping of this set is already named '"
                        + m.name().strip() + "'");
            }
            for (Map.Entry<String, String> u : m.units().entrySet()) {
                String unitPath = path + ".units." + u.getKey();
                if (!roles.contains(u.getKey())) {
                    problems.add(unitPath, "'" + u.getKey() + "' is not a role of this connection set (roles: "
                            + String.join(", ", roles.stream().sorted().toList()) + ")");
                }
                if (u.getValue() == null || u.getValue().isBlank()) {
                    problems.add(unitPath, "needs an organization unit id");
                }
            }
        }
    }

    private static void checkKeys(Map<String, Map<String, List<String>>> keys, Set<String> roles, Problems problems) {
        for (Map.Entry<String, Map<String, List<String>>> byRole : keys.entrySet()) {
            String rolePath = "integrationKeys." + byRole.getKey();
            if (!roles.contains(byRole.getKey())) {
                problems.add(rolePath, "'" + byRole.getKey() + "' is not a role of this connection set");
            }
            if (byRole.getValue() == null) {
                continue;
            }
            if (byRole.getValue().size() > MAX_KEY_ENTITIES) {
                problems.add(rolePath, "must name at most " + MAX_KEY_ENTITIES + " entities");
                continue;
            }
            for (Map.Entry<String, List<String>> byEntity : byRole.getValue().entrySet()) {
                String entity = byEntity.getKey();
                if (entity == null || entity.isBlank()) {
                    problems.add(rolePath, "entity names must not be blank");
                    continue;
                }
                String path = rolePath + "." + entity;
                List<String> fields = byEntity.getValue();
                if (fields == null || fields.isEmpty()) {
                    problems.add(path, "needs at least one field");
                    continue;
                }
                if (fields.size() > MAX_KEY_FIELDS) {
                    problems.add(path, "must have at most " + MAX_KEY_FIELDS + " fields");
                    continue;
                }
                Set<String> seen = new HashSet<>();
                for (String f : fields) {
                    if (f == null || f.isBlank()) {
                        problems.add(path, "field names must not be blank");
                    } else if (!seen.add(f)) {
                        problems.add(path, "names field '" + f + "' twice");
                    }
                }
            }
        }
    }
}
