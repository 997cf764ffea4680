package org.ferry.connectors.cds.internal.write;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.ValueType;
import org.ferry.connectors.cds.internal.schema.EntityDefinition;
import org.ferry.connectors.cds.internal.store.Environment;
import org.ferry.connectors.cds.internal.store.Sql;

/**
 * Refuses records whose lookups name a related record that does not exist in the same organization, as
 * the hub must: a sales order line pointing at a missing order would reach F&amp;O as an orphan. One query
 * per lookup field per batch, for all the batch's distinct keys. A lookup to the entity itself also accepts
 * keys written earlier in the same batch.
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
            Set<String> wanted = new LinkedHashSet<>();
            for (PreparedRecord p : live) {
                Object v = p.provided().get(f.name());
                if (v != null) {
                    wanted.add((String) v);
                }
            }
            if (wanted.isEmpty()) {
                continue;
            }
            EntityDefinition target = env.catalogue().get(def.target(f));
            Set<String> found = existing(c, target, org, new ArrayList<>(wanted));
            if (target == def) {
                live.forEach(p -> found.add(p.keyText()));
            }
            List<PreparedRecord> kept = new ArrayList<>(live.size());
            for (PreparedRecord p : live) {
                Object v = p.provided().get(f.name());
                if (v == null || found.contains(v)) {
                    kept.add(p);
                } else {
                    outcomes.put(p.index(), WriteOutcome.failed(p.reportedKey(), f.name(), "The '" + f.name()
                            + "' attribute refers to " + target.name() + " '" + v + "', which does not exist"
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
        for (List<String> chunk : Sql.chunks(keys)) {
            int size = Sql.bucket(chunk.size());
            String sql = "SELECT \"_key\" FROM " + target.table() + " WHERE "
                    + (target.scoped() ? EntityDefinition.column(target.organizationField()) + " = ? AND " : "")
                    + "\"_key\" IN " + Sql.markers(size);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (target.scoped()) {
                    ps.setString(i++, org);
                }
                Sql.bindPadded(ps, i, chunk, size);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
            }
        }
        return found;
    }
}
