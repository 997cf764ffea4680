package org.ferry.faults;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a stopped server's Derby databases directly, so a check does not depend on the server's own
 * account of itself: the engine's store ({@code <data>/db}) and a CDS hub environment
 * ({@code <data>/cds/<environment>}, one table per entity in schema ENTITIES).
 */
final class DerbyFiles {
    private DerbyFiles() {
    }

    /** @return each row as its columns' text */
    static List<String[]> query(Path database, String sql, String... params) throws SQLException {
        String url = "jdbc:derby:" + database.toAbsolutePath();
        List<String[]> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    String[] row = new String[columns];
                    for (int i = 0; i < columns; i++) {
                        row[i] = rs.getString(i + 1);
                    }
                    rows.add(row);
                }
            }
        } finally {
            try {
                DriverManager.getConnection(url + ";shutdown=true").close();
            } catch (SQLException expected) {
                // Derby reports a completed shutdown as an exception (08006)
            }
        }
        return rows;
    }

    /** The hub's Account rows as key and name. */
    static List<SandboxData.Row> hubAccounts(Path dataDir, String environment) throws SQLException {
        return query(dataDir.resolve("cds").resolve(environment), "SELECT \"AccountId\", \"Name\" FROM \"ENTITIES\".\"Account\"")
                .stream().map(r -> new SandboxData.Row(r[0], null, r[1])).toList();
    }

    /** A run's status and message as the engine stored them. */
    static String[] run(Path dataDir, String runId) throws SQLException {
        List<String[]> rows = query(dataDir.resolve("db"), "SELECT status, message FROM runs WHERE id = ?", runId);
        return rows.isEmpty() ? null : rows.get(0);
    }
}
