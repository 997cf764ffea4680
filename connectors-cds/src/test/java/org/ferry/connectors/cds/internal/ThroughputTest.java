package org.ferry.connectors.cds.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.ferry.api.connector.Connection;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares the hub's upserts with plain batched JDBC on a table of the same shape. Not a benchmark (that
 * lives in benchmarks/), but it catches the regressions that matter: a per-row round trip or a lookup that
 * scans the table would make the hub many times slower than plain JDBC as the table grows.
 */
class ThroughputTest {
    private static final int ROWS = 20_000;
    private static final int BATCH = 500;

    @TempDir
    Path dir;

    @Test
    void staysWithinASmallFactorOfPlainJdbc() throws Exception {
        long rawInsert = raw("INSERT INTO T (K, NAME, CITY, LIMIT_AMOUNT) VALUES (?, ?, ?, ?)", false);
        long rawUpdate = raw("UPDATE T SET NAME = ?, CITY = ?, LIMIT_AMOUNT = ? WHERE K = ?", true);
        try (Hub hub = new Hub(dir); Connection c = hub.open()) {
            c.test();
            long insert = hub(c, i -> account(i, "Account " + i), WriteOutcome.Status.INSERTED);
            long update = hub(c, i -> account(i, "Renamed " + i), WriteOutcome.Status.UPDATED);
            long unchanged = hub(c, i -> account(i, "Renamed " + i), WriteOutcome.Status.UNCHANGED);
            System.out.printf("%d rows in batches of %d: raw JDBC insert %d ms, update %d ms; hub insert %d ms, "
                    + "update %d ms, unchanged %d ms%n", ROWS, BATCH, rawInsert, rawUpdate, insert, update, unchanged);
            assertTrue(insert < 10 * Math.max(rawInsert, 200), "hub inserts " + insert + " ms vs raw " + rawInsert);
            assertTrue(update < 10 * Math.max(rawUpdate, 200), "hub updates " + update + " ms vs raw " + rawUpdate);
        }
    }

    private static EntityRecord account(int i, String name) {
        return Hub.account("ACC-" + i, name).toBuilder().text("Address1_City", "Seattle")
                .set("CreditLimit", Value.decimal("1000.50")).build();
    }

    private static long hub(Connection c, IntFunction<EntityRecord> make, WriteOutcome.Status expected) {
        long start = System.nanoTime();
        for (int b = 0; b < ROWS; b += BATCH) {
            List<EntityRecord> batch = new ArrayList<>(BATCH);
            for (int i = b; i < b + BATCH; i++) {
                batch.add(make.apply(i));
            }
            for (WriteOutcome o : c.upsert("Account", Hub.ORG1, batch)) {
                assertEquals(expected, o.status(), o.message());
            }
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Plain JDBC on the same kind of database as the hub's: Derby files, or the PostgreSQL server's. */
    private long raw(String sql, boolean update) throws SQLException {
        try (java.sql.Connection c = TestHubs.rawConnection(dir.resolve("raw"))) {
            if (!update) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE T (K VARCHAR(20) NOT NULL PRIMARY KEY, NAME VARCHAR(160), "
                            + "CITY VARCHAR(80), LIMIT_AMOUNT DECIMAL(31,4))");
                }
            }
            c.setAutoCommit(false);
            long start = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int b = 0; b < ROWS; b += BATCH) {
                    for (int i = b; i < b + BATCH; i++) {
                        int p = 1;
                        if (!update) {
                            ps.setString(p++, "ACC-" + i);
                        }
                        ps.setString(p++, (update ? "Renamed " : "Account ") + i);
                        ps.setString(p++, "Seattle");
                        ps.setBigDecimal(p++, new java.math.BigDecimal("1000.50"));
                        if (update) {
                            ps.setString(p, "ACC-" + i);
                        }
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    c.commit();
                }
            }
            return (System.nanoTime() - start) / 1_000_000;
        }
    }
}
