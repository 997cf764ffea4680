package org.ferry.runtime.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upgrades keep what a store already holds: a version-2 database with the hashes of several legs of several
 * projects, migrated to the current version, has every hash under its own leg, and opening it again applies
 * nothing.
 */
class MigrationsTest {
    @TempDir
    Path dir;

    @Test
    void version3KeysEachLegsHashesByItsOwnLegId() throws Exception {
        String url = "jdbc:derby:" + dir.resolve("db").toAbsolutePath();
        try (Connection c = DriverManager.getConnection(url + ";create=true")) {
            assertEquals(2, Migrations.apply(c, 2));
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO record_hashes(project_id, leg_key, business_key,"
                    + " hash, source_org, source_id, seen_run) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert(ps, "p", "t/0/a", "K1", "ORG1", "id-1", "run-1");
                insert(ps, "p", "t/0/a", "K2", null, null, null);
                insert(ps, "p", "t/1/b", "K1", "ORG2", "id-9", null);
                insert(ps, "q", "t/0/a", "K1", "ORG3", "id-1", null);
            }

            assertEquals(1, Migrations.apply(c, 3));

            assertEquals(List.of("p t/0/a K1 h-K1 ORG1 id-1 run-1", "p t/0/a K2 h-K2 null null null",
                    "p t/1/b K1 h-K1 ORG2 id-9 null", "q t/0/a K1 h-K1 ORG3 id-1 null"), hashes(c));
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM legs")) {
                rs.next();
                assertEquals(3, rs.getInt(1), "one id per project and leg");
            }
            assertEquals(Migrations.SCRIPTS.size() - 3, Migrations.apply(c), "the later versions");
            List<String> ids = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT l.project_id, l.leg_key,"
                    + " i.source_id, i.business_key FROM record_source_ids i JOIN legs l ON l.id = i.leg_id"
                    + " ORDER BY l.project_id, l.leg_key")) {
                while (rs.next()) {
                    ids.add(String.join(" ", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            assertEquals(List.of("p t/0/a id-1 K1", "p t/1/b id-9 K1", "q t/0/a id-1 K1"), ids,
                    "version 5 keeps each leg's source ids in a table of their own");
            assertEquals(0, Migrations.apply(c), "nothing left to apply");
        } finally {
            try {
                DriverManager.getConnection(url + ";shutdown=true").close();
            } catch (SQLException expected) {
                // Derby reports a database shutdown as an exception
            }
        }
    }

    @Test
    void version5KeepsTheOldestOfSameNamedConnectionsUnderTheUniqueName() throws Exception {
        String url = "jdbc:derby:" + dir.resolve("db5").toAbsolutePath();
        try (Connection c = DriverManager.getConnection(url + ";create=true")) {
            Migrations.apply(c, 4);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO connections(id, name, type, config, created_at,"
                    + " updated_at) VALUES (?, ?, 'cds', '{}', ?, ?)")) {
                for (String[] row : new String[][] {{"b", "Hub", "2026-01-02 00:00:00"}, {"a", "hub", "2026-01-03 00:00:00"},
                        {"c", "Other", "2026-01-01 00:00:00"}}) {
                    ps.setString(1, row[0]);
                    ps.setString(2, row[1]);
                    ps.setTimestamp(3, java.sql.Timestamp.valueOf(row[2]));
                    ps.setTimestamp(4, java.sql.Timestamp.valueOf(row[2]));
                    ps.executeUpdate();
                }
            }

            assertEquals(Migrations.SCRIPTS.size() - 4, Migrations.apply(c), "version 5 and later");

            List<String> keys = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, name_key FROM connections ORDER BY id")) {
                while (rs.next()) {
                    keys.add(rs.getString(1) + "=" + rs.getString(2));
                }
            }
            assertEquals(List.of("a=null", "b=hub", "c=other"), keys, "the oldest 'hub' keeps the name");
            try (Statement s = c.createStatement()) {
                SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> s.executeUpdate(
                        "UPDATE connections SET name_key = 'hub' WHERE id = 'a'"));
                assertEquals("23505", e.getSQLState());
            }
        } finally {
            try {
                DriverManager.getConnection(url + ";shutdown=true").close();
            } catch (SQLException expected) {
                // Derby reports a database shutdown as an exception
            }
        }
    }

    private static void insert(PreparedStatement ps, String project, String leg, String key, String org, String id,
                               String seen) throws SQLException {
        ps.setString(1, project);
        ps.setString(2, leg);
        ps.setString(3, key);
        ps.setString(4, String.format("%-44s", "h-" + key));
        ps.setString(5, org);
        ps.setString(6, id);
        ps.setString(7, seen);
        ps.executeUpdate();
    }

    private static List<String> hashes(Connection c) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT l.project_id, l.leg_key, h.business_key, h.hash, h.source_org,"
                     + " h.source_id, h.seen_run FROM record_hashes h JOIN legs l ON l.id = h.leg_id"
                     + " ORDER BY l.project_id, l.leg_key, h.business_key")) {
            while (rs.next()) {
                rows.add(String.join(" ", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4).trim(),
                        rs.getString(5), rs.getString(6), rs.getString(7)));
            }
        }
        return rows;
    }
}
