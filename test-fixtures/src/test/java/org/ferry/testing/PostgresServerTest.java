package org.ferry.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

class PostgresServerTest {

    @Test
    void startsKeepsDataAcrossRestartsAndCrashesAndCleansUp() throws Exception {
        Path dir;
        try (PostgresServer pg = PostgresServer.start()) {
            pg.createDatabase("t1");
            try (Connection c = pg.connect("t1"); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (v INTEGER)");
                s.execute("INSERT INTO kept VALUES (42)");
            }
            pg.restart();
            assertEquals(42, value(pg));
            pg.crash();
            assertThrows(SQLException.class, () -> pg.connect("t1").close(), "a crashed server refuses connections");
            pg.startAgain();
            assertEquals(42, value(pg));
            try (Connection c = pg.connect("t1"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SHOW data_directory")) {
                rs.next();
                dir = Path.of(rs.getString(1)).getParent();
            }
        }
        assertFalse(Files.exists(dir), "the server's folder is removed");
    }

    @Test
    void refusesAWrongPassword() {
        try (PostgresServer pg = PostgresServer.start()) {
            assertThrows(SQLException.class, () -> java.sql.DriverManager.getConnection(
                    "jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres", PostgresServer.USER, "wrong").close());
        }
    }

    private static int value(PostgresServer pg) throws SQLException {
        try (Connection c = pg.connect("t1"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
