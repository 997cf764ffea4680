package org.ferry.runtime.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.ferry.store.Dialect;

/**
 * Applies the versioned schema scripts ({@code migrations/V<n>__<name>.sql}) not yet applied, each in
 * its own transaction, and records them. A small runner rather than Flyway or Liquibase: both assume a
 * flat classpath for discovering scripts and drivers, which is not what a bundle has, and the job here
 * is twenty lines.
 *
 * <p>Scripts are written once, in Derby's spelling; {@link Dialect#ddl} adapts each statement for PostgreSQL. The
 * nodes of a cluster may start together: there the whole run holds a store-wide lock, so one node migrates and
 * the others find the schema current.
 */
final class Migrations {
    /** The scripts in order; a new one is appended here and never edited once released. */
    static final List<String> SCRIPTS = List.of("V1__schema.sql", "V2__key_maps.sql", "V3__leg_ids.sql",
            "V4__runs_list.sql", "V5__unique_names.sql", "V6__source_ids.sql", "V7__run_triage.sql", "V8__cluster.sql",
            "V9__hash_digests.sql");
    /** The store-wide lock taken while migrating (any number, the same on every node). */
    private static final long LOCK = 0x6665727279L;

    private Migrations() {
    }

    static int apply(Connection connection) throws SQLException, IOException {
        return apply(connection, Dialect.DERBY);
    }

    static int apply(Connection connection, Dialect dialect) throws SQLException, IOException {
        return apply(connection, dialect, SCRIPTS.size());
    }

    static int apply(Connection connection, int upTo) throws SQLException, IOException {
        return apply(connection, Dialect.DERBY, upTo);
    }

    /** Applies the scripts up to version {@code upTo}; tests build older databases with it to migrate them. */
    static int apply(Connection connection, Dialect dialect, int upTo) throws SQLException, IOException {
        dialect.lockExclusively(connection, LOCK);
        try {
            return applyLocked(connection, dialect, upTo);
        } finally {
            dialect.unlockExclusively(connection, LOCK);
        }
    }

    private static int applyLocked(Connection connection, Dialect dialect, int upTo) throws SQLException, IOException {
        ensureVersionTable(connection, dialect);
        int current = currentVersion(connection);
        int applied = 0;
        for (int i = current; i < upTo; i++) {
            String script = SCRIPTS.get(i);
            connection.setAutoCommit(false);
            try (Statement st = connection.createStatement()) {
                for (String sql : statements(read(script))) {
                    String adapted = dialect.ddl(sql);
                    if (adapted != null) {
                        st.execute(adapted);
                    }
                }
                try (PreparedStatement ps = connection.prepareStatement(
                        "INSERT INTO schema_version(version, script, applied_at) VALUES (?, ?, ?)")) {
                    ps.setInt(1, i + 1);
                    ps.setString(2, script);
                    ps.setTimestamp(3, Timestamp.from(Instant.now()));
                    ps.executeUpdate();
                }
                connection.commit();
                applied++;
            } catch (SQLException e) {
                connection.rollback();
                throw new SQLException("migration " + script + " failed: " + e.getMessage(), e);
            } finally {
                connection.setAutoCommit(true);
            }
        }
        return applied;
    }

    private static void ensureVersionTable(Connection connection, Dialect dialect) throws SQLException {
        if (Dialect.tableExists(connection, null, "SCHEMA_VERSION")) {
            return;
        }
        try (Statement st = connection.createStatement()) {
            st.execute(dialect.ddl("CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY,"
                    + " script VARCHAR(200) NOT NULL, applied_at TIMESTAMP NOT NULL)"));
        }
    }

    private static int currentVersion(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_version")) {
            rs.next();
            int version = rs.getInt(1);
            if (version > SCRIPTS.size()) {
                throw new SQLException("the database is at schema version " + version
                        + ", newer than this server knows (" + SCRIPTS.size() + "); use a newer Ferry");
            }
            return version;
        }
    }

    private static String read(String script) throws IOException {
        try (InputStream in = Migrations.class.getResourceAsStream("migrations/" + script)) {
            if (in == null) {
                throw new IOException("missing migration script " + script);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Splits a script on ';' at line ends, dropping '--' comments. */
    static List<String> statements(String script) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            int comment = line.indexOf("--");
            String code = (comment >= 0 ? line.substring(0, comment) : line).stripTrailing();
            if (code.isBlank()) {
                continue;
            }
            current.append(code).append('\n');
            if (code.endsWith(";")) {
                String sql = current.toString().trim();
                result.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            result.add(current.toString().trim());
        }
        return result;
    }
}
