package org.ferry.connectors.cds.internal.write;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.ValueType;
import org.ferry.connectors.cds.internal.schema.EntityDefinition;
import org.ferry.connectors.cds.internal.schema.KeyText;
import org.ferry.connectors.cds.internal.store.Environment;
import org.ferry.connectors.cds.internal.store.Sql;

/**
 * Refuses records whose lookups name a related record that does not exist in the same organization, as
 * the hub must: a sales order line pointing at a missing order would reach F&amp;O as an orphan. One query
 * per lookup field per batch for all the batch's distinct keys, and one for its distinct ids. A lookup to the
 * entity itself also accepts keys written earlier in the same batch.
 *
 * <p>A lookup by id to a record that has a business key is stored as that key, as if written by key: the
 * record is then found by key like any other, and a record keyed by it (an order line by its order) gets a
 * business key too. Only lookups to records without one stay stored by id.
 */
final class LookupChecker {
    private final Environment env;
    private final EntityDefinition def;

    LookupChecker(Environment env, EntityDefinition def) {
        this.env = env;
        this.def = def;
    }

    /** @return the records whose lookups all resolve; the others get a FAILED outcome in {@code outcomes} */
    List<PreparedRecord> check(Connection c, String org, List<PreparedRecord> records,
                               Map<Integer, WriteOutcome> outcomes) throws SQLException {
        List<PreparedRecord> live = records;
        for (FieldSchema f : def.fields()) {
            if (f.type() != ValueType.REFERENCE || f == def.organizationField() || live.isEmpty()) {
                continue;
            }
            Set<String> keys = new LinkedHashSet<>();
            Set<Long> ids = new LinkedHashSet<>();
            for (PreparedRecord p : live) {
                String v = (String) p.provided().get(f.name());
                if (v != null) {
                    Long id = KeyText.referencedId(v);
                    if (id == null) {
                        keys.add(v);
                    } else {
                        ids.add(id);
                    }
                }
            }
            if (keys.isEmpty() && ids.isEmpty()) {
                continue;
            }
            EntityDefinition target = env.catalogue().get(def.target(f));
            Set<String> found = existing(c, target, org, new ArrayList<>(keys));
            if (target == def) {
                live.stream().filter(p -> p.keyText() != null).forEach(p -> found.add(p.keyText()));
            }
            Map<Long, String> keysOfIds = keysOfIds(c, target, org, new ArrayList<>(ids));
            List<PreparedRecord> kept = new ArrayList<>(live.size());
            for (PreparedRecord p : live) {
                String v = (String) p.provided().get(f.name());
                Long id = v == null ? null : KeyText.referencedId(v);
                if (v == null || (id == null && found.contains(v))) {
                    kept.add(p);
                } else if (id != null && keysOfIds.containsKey(id)) {
                    String key = keysOfIds.get(id);
                    kept.add(KeyText.isBusinessKey(key) ? p.with(f.name(), key) : p);
                } else {
                    String which = id == null ? " '" + v + "'" : " with id " + id;
                    outcomes.put(p.index(), WriteOutcome.failed(p.reportedKey(), f.name(), "The '" + f.name()
                            + "' attribute refers to " + target.name() + which + ", which does not exist"
                            + (target.scoped() ? " in organization '" + org + "'" : "")));
                }
            }
            live = kept;
        }
        return live;
    }

    private static Set<String> existing(Connection c, EntityDefinition target, String org, List<String> keys)
            throws SQLException {
        Set<String> found = new HashSet<>();
        Sql.selectIn(c, "SELECT \"_key\" FROM " + target.table() + " WHERE " + scope(target) + "\"_key\" IN ",
                leading(target, org), keys, rs -> found.add(rs.getString(1)));
        return found;
    }

    /** @return the {@code _key} of each id that exists in the organization */
    private static Map<Long, String> keysOfIds(Connection c, EntityDefinition target, String org, List<Long> ids)
            throws SQLException {
        Map<Long, String> keys = new HashMap<>();
        Sql.selectIn(c, "SELECT \"_id\", \"_key\" FROM " + target.table() + " WHERE " + scope(target) + "\"_id\" IN ",
                leading(target, org), ids, rs -> keys.put(rs.getLong(1), rs.getString(2)));
        return keys;
    }

    private static String scope(EntityDefinition target) {
        return target.scoped() ? EntityDefinition.column(target.organizationField()) + " = ? AND " : "";
    }

    private static List<Object> leading(EntityDefinition target, String org) {
        return target.scoped() ? List.of(org) : List.of();
    }
}
