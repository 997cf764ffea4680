package org.ferry.runtime.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The empty store built with the engine: a new data folder gets it at the current schema, with nothing left to
 * migrate and nothing in it; a folder that has a store keeps its own.
 */
class EmptyStoreTest {
    @TempDir
    Path dir;

    @Test
    void aNewDataFolderGetsTheShippedStoreAtTheCurrentSchema() throws Exception {
        Path db = dir.resolve("data").resolve("db");
        assertTrue(EmptyStore.unpack(db), "the build ships the empty store");
        assertTrue(Files.exists(db.resolve("service.properties")));
        assertFalse(Files.exists(dir.resolve("data").resolve("db.unpacking")));
        Database store = new Database(dir.resolve("data"), dir.resolve("conf"));
        try (Connection c = store.connection(); Statement s = c.createStatement()) {
            assertEquals(0, Migrations.apply(c), "already at the current schema");
            try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
                rs.next();
                assertEquals(Migrations.SCRIPTS.size(), rs.getInt(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM users")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "no user, no secret: the same file ships to everyone");
            }
        } finally {
            store.close();
        }
        assertFalse(EmptyStore.unpack(db), "an existing store is never replaced");
    }
}
