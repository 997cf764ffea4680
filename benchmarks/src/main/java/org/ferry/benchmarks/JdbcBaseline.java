package org.ferry.benchmarks;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.ferry.api.data.FieldSchema;
import org.ferry.connectors.cds.internal.schema.Catalogue;
import org.ferry.connectors.cds.internal.schema.EntityDefinition;
import org.ferry.store.DerbyPageCache;

/**
 * The raw-JDBC limit the hub leg is measured against: batched INSERTs, then batched UPDATEs by key, of N
 * rows into embedded Derby, with nothing else (no read-before-write, no lookups, no hashes). The table is
 * the hub's own Account table: columns and SQL types taken from the CDS connector's catalogue, the same
 * three bookkeeping columns and the same three indexes (the key, the change number, the hub id). Batches are the engine's: 500 rows (the hub's
 * maxBatchSize, which the engine's BatchWriter uses) and one commit per batch, as the hub commits each.
 */
public final class JdbcBaseline {
    /** BatchWriter.batchSize() = min(target maxBatchSize, 1000); the CDS hub declares 500. */
    static final int BATCH = 500;

    /** What the baseline measured. */
    /** @param insertCpuSeconds the CPU time of the INSERTs, on the one thread that ran them */
    public record Result(double insertSeconds, double updateSeconds, int rows, double insertCpuSeconds) {
        public double insertPerSecond() {
            return rows / insertSeconds;
        }

        public double updatePerSecond() {
            return rows / updateSeconds;
        }
    }

    private JdbcBaseline() {
    }

    public static Result run(Path dir, int rows) throws SQLException {
        EntityDefinition account = Catalogue.builtIn().get("Account");
        List<FieldSchema> fields = new ArrayList<>(account.fields());
        DerbyPageCache.sizeToHeap(); // the hub's Derby, as the hub configures it
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(dir.resolve("baseline").toAbsolutePath().toString());
        ds.setCreateDatabase("create");
        try (Connection c = ds.getConnection()) {
            StringBuilder ddl = new StringBuilder("CREATE TABLE ACCOUNT (\"_id\" BIGINT GENERATED ALWAYS AS IDENTITY, "
                    + "\"_key\" VARCHAR(" + account.keyTextLength() + ") NOT NULL, \"_seq\" BIGINT NOT NULL, "
                    + "\"_modified\" TIMESTAMP NOT NULL");
            StringBuilder columns = new StringBuilder();
            StringBuilder markers = new StringBuilder();
            StringBuilder sets = new StringBuilder();
            for (FieldSchema f : fields) {
                String col = EntityDefinition.column(f);
                ddl.append(", ").append(col).append(' ').append(account.sqlType(f));
                columns.append(", ").append(col);
                markers.append(", ?");
                if (f != account.organizationField() && !account.keyFields().contains(f)) {
                    sets.append(", ").append(col).append(" = ?");
                }
            }
            String org = EntityDefinition.column(account.organizationField());
            try (Statement s = c.createStatement()) {
                s.execute(ddl.append(')').toString());
                s.execute("CREATE UNIQUE INDEX \"_k_ACCOUNT\" ON ACCOUNT (\"_key\", " + org + ")");
                s.execute("CREATE INDEX \"_s_ACCOUNT\" ON ACCOUNT (" + org + ", \"_seq\")");
                s.execute("CREATE UNIQUE INDEX \"_i_ACCOUNT\" ON ACCOUNT (\"_id\")");
            }
            c.setAutoCommit(false);
            String insert = "INSERT INTO ACCOUNT (\"_key\", \"_seq\", \"_modified\"" + columns + ") VALUES (?, ?, ?" + markers + ")";
            String update = "UPDATE ACCOUNT SET \"_seq\" = ?, \"_modified\" = ?" + sets + " WHERE " + org + " = ? AND \"_key\" = ?";
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            batches(c, insert, rows, (ps, i) -> bindInsert(ps, account, fields, i));
            long t1 = System.nanoTime();
            long cpu1 = threads.getCurrentThreadCpuTime();
            batches(c, update, rows, (ps, i) -> bindUpdate(ps, account, fields, i, rows));
            long t2 = System.nanoTime();
            return new Result((t1 - t0) / 1e9, (t2 - t1) / 1e9, rows, (cpu1 - cpu0) / 1e9);
        } finally {
            try {
                ds.setShutdownDatabase("shutdown");
                ds.setCreateDatabase(null);
                ds.getConnection().close();
            } catch (SQLException expected) {
                // Derby reports a clean shutdown as an exception
            }
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps, int i) throws SQLException;
    }

    private static void batches(Connection c, String sql, int rows, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int from = 0; from < rows; from += BATCH) {
                for (int i = from; i < Math.min(rows, from + BATCH); i++) {
                    binder.bind(ps, i);
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            }
        }
    }

    private static void bindInsert(PreparedStatement ps, EntityDefinition account, List<FieldSchema> fields, int i)
            throws SQLException {
        ps.setString(1, GeneratedAccounts.number(i));
        ps.setLong(2, i);
        ps.setTimestamp(3, Timestamp.from(Instant.now()));
        for (int f = 0; f < fields.size(); f++) {
            ps.setObject(4 + f, value(account, fields.get(f), i, ""));
        }
    }

    private static void bindUpdate(PreparedStatement ps, EntityDefinition account, List<FieldSchema> fields, int i, int rows)
            throws SQLException {
        int p = 1;
        ps.setLong(p++, rows + (long) i);
        ps.setTimestamp(p++, Timestamp.from(Instant.now()));
        for (FieldSchema f : fields) {
            if (f != account.organizationField() && !account.keyFields().contains(f)) {
                ps.setObject(p++, value(account, f, i, " (rev 2)"));
            }
        }
        ps.setString(p++, "ORG001");
        ps.setString(p, GeneratedAccounts.number(i));
    }

    /** The values the hub leg writes for record {@code i}: the generated source's, in the hub's columns. */
    private static Object value(EntityDefinition account, FieldSchema f, int i, String revision) {
        return switch (f.name()) {
            case "AccountId" -> GeneratedAccounts.number(i);
            case "Name" -> "Generated account " + i + revision;
            case "Description" -> "Account " + i + " generated for the benchmark";
            case "Telephone1" -> String.format("+1-555-%04d", i % 10_000);
            case "Email" -> "info" + i + "@example.com";
            case "WebSite" -> "https://www.example.com/" + i;
            case "Address1_Line1" -> (100 + i % 9000) + " Main Street";
            case "Address1_City" -> "Seattle";
            case "Address1_StateOrProvince" -> "WA";
            case "Address1_PostalCode" -> "98101";
            case "Address1_Country" -> "United States";
            case "CreditLimit" -> BigDecimal.valueOf(1000 + (i % 49) * 1000L, 0).setScale(EntityDefinition.scaleOf(f));
            case "CurrencyCode" -> "USD";
            case "CustomerGroupId" -> "10";
            case "Organization_OrganizationId" -> "ORG001";
            default -> null;
        };
    }
}
