package org.ferry.connectors.cds.internal.write;

import org.ferry.store.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.ferry.connectors.cds.internal.schema.EntityDefinition;
import org.ferry.connectors.cds.internal.store.Sql;
import org.ferry.connectors.cds.internal.store.ValueCodec;

/**
 * Deleted records are remembered in {@code CDS.DELETED} with a change number, so incremental reads can
 * report them. A key written again loses its tombstone: a key is then either live or deleted, never both,
 * and a reader never has to order a deletion against a later re-creation.
 */
final class Tombstones {
    /** Unscoped entities are recorded under the empty organization, so the index holds no nulls. */
    static final String NO_ORGANIZATION = "";

    private Tombstones() {
    }

    static void record(Connection c, Dialect dialect, EntityDefinition def, String org, Map<String, Long> idsByKey,
                       Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO CDS.DELETED (ENTITY, ORG, KEY_TEXT, SOURCE_ID, "
                + "SEQ, DELETED_ON) VALUES (?, ?, ?, ?, " + Sql.nextChange(dialect) + ", ?)")) {
            for (Map.Entry<String, Long> e : idsByKey.entrySet()) {
                ps.setString(1, def.name());
                ps.setString(2, org);
                ps.setString(3, e.getKey());
                ps.setLong(4, e.getValue());
                ValueCodec.bindInstant(ps, 5, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Records every row of the entity as deleted (before the rows are removed). */
    static int recordAll(Connection c, Dialect dialect, EntityDefinition def, Instant now) throws SQLException {
        String org = def.scoped() ? EntityDefinition.column(def.organizationField()) : "''";
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO CDS.DELETED (ENTITY, ORG, KEY_TEXT, SOURCE_ID, "
                + "SEQ, DELETED_ON) SELECT CAST(? AS VARCHAR(100)), " + org + ", \"_key\", \"_id\", "
                + Sql.nextChange(dialect) + ", CAST(? AS TIMESTAMP) FROM " + def.table())) {
            ps.setString(1, def.name());
            ValueCodec.bindInstant(ps, 2, now);
            return ps.executeUpdate();
        }
    }

    static void forget(Connection c, EntityDefinition def, String org, List<String> keys) throws SQLException {
        for (List<String> chunk : Sql.chunks(keys)) {
            int size = Sql.bucket(chunk.size());
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM CDS.DELETED WHERE ENTITY = ? AND ORG = ? "
                    + "AND KEY_TEXT IN " + Sql.markers(size))) {
                ps.setString(1, def.name());
                ps.setString(2, org);
                Sql.bindPadded(ps, 3, chunk, size);
                ps.executeUpdate();
            }
        }
    }
}
