package org.ferry.runtime.internal.connectionsets;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.ferry.api.data.EntitySchema;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.ValueType;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.organization.OrganizationMapping;
import org.ferry.api.organization.OrganizationUnit;
import org.ferry.runtime.internal.validation.Problems;
import org.ferry.runtime.management.ConnectionService;
import org.ferry.runtime.management.ConnectionSetInfo;

/**
 * What a connection set names, checked against the systems it names: an integration key's entity and fields must
 * exist there ("AccountN" is refused, naming the fields there are), an organization mapping's unit must be one of the
 * connection's units ("bad org!" is refused, naming the units there are). A system that cannot be asked right now
 * (down, throttling, a connector not deployed) is not held against the set: the run's validation asks again.
 */
final class SystemChecks {
    /** Units not found are named one by one up to this many, then counted. */
    private static final int MAX_NAMED = 20;
    private final ConnectionService connections;
    private final Map<String, Optional<List<OrganizationUnit>>> units = new HashMap<>();

    SystemChecks(ConnectionService connections) {
        this.connections = connections;
    }

    /** @param known the roles whose connection exists */
    void check(ConnectionSetInfo draft, java.util.Set<String> known, Problems problems) {
        int unknownUnits = 0;
        for (int i = 0; i < draft.organizationMappings().size() && draft.organizationMappings().size()
                <= ConnectionSetRules.MAX_MAPPINGS; i++) {
            OrganizationMapping m = draft.organizationMappings().get(i);
            if (m == null) {
                continue;
            }
            for (Map.Entry<String, String> u : m.units().entrySet()) {
                String connection = draft.connections().get(u.getKey());
                if (!known.contains(u.getKey()) || u.getValue() == null || u.getValue().isBlank()) {
                    continue;
                }
                List<OrganizationUnit> listed = unitsOf(connection).orElse(List.of());
                if (!listed.isEmpty() && listed.stream().noneMatch(x -> x.id().equals(u.getValue()))
                        && ++unknownUnits <= MAX_NAMED) {
                    problems.add("organizationMappings[" + i + "].units." + u.getKey(), "'" + u.getValue()
                            + "' is not an organization unit of the " + u.getKey() + " connection; it has "
                            + listed.stream().limit(10).map(x -> x.name() != null && !x.name().equals(x.id())
                                    ? x.name() + " (" + x.id() + ")" : x.id()).collect(Collectors.joining(", "))
                            + (listed.size() > 10 ? " and " + (listed.size() - 10) + " more" : ""));
                }
            }
        }
        if (unknownUnits > MAX_NAMED) {
            problems.add("organizationMappings", (unknownUnits - MAX_NAMED) + " more unit(s) that the connections do not have");
        }
        for (Map.Entry<String, Map<String, List<String>>> byRole : draft.integrationKeys().entrySet()) {
            String connection = draft.connections().get(byRole.getKey());
            if (!known.contains(byRole.getKey()) || byRole.getValue() == null) {
                continue;
            }
            for (Map.Entry<String, List<String>> byEntity : byRole.getValue().entrySet()) {
                if (byEntity.getKey() == null || byEntity.getKey().isBlank() || byEntity.getValue() == null) {
                    continue;
                }
                checkKey(connection, "integrationKeys." + byRole.getKey() + "." + byEntity.getKey(), byEntity.getKey(),
                        byEntity.getValue(), problems);
            }
        }
    }

    private void checkKey(String connection, String path, String entity, List<String> fields, Problems problems) {
        EntitySchema schema;
        try {
            schema = connections.entity(connection, entity);
        } catch (ConfigurationException e) {
            problems.add(path, "the connection has no entity '" + entity + "' (" + e.getMessage() + ")");
            return;
        } catch (RuntimeException unreachable) {
            return;
        }
        for (String f : fields) {
            if (f == null || f.isBlank()) {
                continue;
            }
            String first = f.contains(".") ? f.substring(0, f.indexOf('.')) : f;
            Optional<FieldSchema> field = schema.field(first);
            if (field.isEmpty()) {
                problems.add(path, "'" + f + "' is not a field of " + entity + similar(schema, first));
            } else if (f.contains(".") && field.get().type() != ValueType.REFERENCE) {
                problems.add(path, "'" + first + "' is not a lookup of " + entity + ", so '" + f + "' names nothing");
            }
        }
    }

    private Optional<List<OrganizationUnit>> unitsOf(String connection) {
        return units.computeIfAbsent(connection, id -> {
            try {
                return Optional.of(connections.organizations(id));
            } catch (RuntimeException unreachable) {
                return Optional.empty();
            }
        });
    }

    private static int sharedPrefix(String a, String b) {
        int n = 0;
        while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
            n++;
        }
        return n;
    }

    /** "; did you mean AccountId?" for a near miss ("AccountN"), else the first fields. */
    private static String similar(EntitySchema schema, String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        List<String> near = schema.fields().stream().map(FieldSchema::name)
                .filter(n -> sharedPrefix(n.toLowerCase(java.util.Locale.ROOT), lower) >= Math.min(5, lower.length()))
                .limit(5).toList();
        if (!near.isEmpty()) {
            return "; did you mean " + String.join(" or ", near) + "?";
        }
        return "; its fields include " + schema.fields().stream().limit(8).map(FieldSchema::name)
                .collect(Collectors.joining(", ")) + (schema.fields().size() > 8 ? ", …" : "");
    }
}
