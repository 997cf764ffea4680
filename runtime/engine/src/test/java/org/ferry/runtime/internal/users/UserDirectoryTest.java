package org.ferry.runtime.internal.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.ferry.api.error.ConfigurationException;
import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.management.Actor;
import org.ferry.runtime.management.AuditEntry;
import org.ferry.runtime.management.AuditLog;
import org.ferry.runtime.management.ConflictException;
import org.ferry.runtime.management.NotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserDirectoryTest {
    private static final Actor ROOT = new Actor("root", "admin");
    /** Low for speed; the production count is covered by {@link #hashesUseTheProductionFormatAndCount()}. */
    private static final int FAST = 1_000;

    @TempDir
    Path dir;
    private Database db;
    private UserDirectory users;
    private final List<String> audit = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        db = org.ferry.runtime.internal.TestStores.open(dir.resolve("data"), dir.resolve("conf"));
        users = new UserDirectory(db, FAST, Clock.systemUTC());
        users.setAudit(new AuditLog() {
            @Override
            public void record(Actor actor, String action, String subject, String detail) {
                audit.add(actor.username() + " " + action + " " + subject + " " + detail);
            }

            @Override
            public List<AuditEntry> entries(int offset, int limit) {
                return List.of();
            }
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void hashesUseTheProductionFormatAndCount() {
        PasswordHasher hasher = new PasswordHasher(PasswordHasher.DEFAULT_ITERATIONS);
        String hash = hasher.hash("correct horse battery");
        String[] parts = hash.split("\\$");
        assertEquals("pbkdf2-sha256", parts[0]);
        assertTrue(Integer.parseInt(parts[1]) >= 310_000);
        assertEquals(16, java.util.Base64.getDecoder().decode(parts[2]).length);
        assertTrue(hasher.verify("correct horse battery", hash));
        assertFalse(hasher.verify("correct horse batterY", hash));
        assertNotEquals(hash, hasher.hash("correct horse battery"), "each hash has its own salt");
    }

    @Test
    void createsAuthenticatesAndStoresNoPlainPassword() throws Exception {
        users.create("alice", "a long password 1", "operator", ROOT);
        assertEquals("operator", users.authenticate("alice", "a long password 1").orElseThrow().role());
        assertTrue(users.authenticate("alice", "a long password 2").isEmpty());
        assertTrue(users.authenticate("nobody", "a long password 1").isEmpty());
        assertTrue(users.authenticate(null, null).isEmpty());
        try (Connection c = db.connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT password_hash FROM users WHERE username = 'alice'")) {
            rs.next();
            String stored = rs.getString(1);
            assertTrue(stored.startsWith("pbkdf2-sha256$"));
            assertFalse(stored.contains("a long password 1"));
        }
        assertEquals(List.of("root user.create user:alice role operator"), audit);
    }

    @Test
    void enforcesThePasswordPolicyAndRoles() {
        ConfigurationException weak = assertThrows(ConfigurationException.class,
                () -> users.create("bob", "short", "viewer", ROOT));
        assertEquals("password", weak.problems().get(0).field());
        assertFalse(weak.getMessage().contains("short"), "the message does not repeat the password");
        ConfigurationException role = assertThrows(ConfigurationException.class,
                () -> users.create("bob", "a long password 1", "root", ROOT));
        assertEquals("role", role.problems().get(0).field());
        ConfigurationException name = assertThrows(ConfigurationException.class,
                () -> users.create("bob smith", "a long password 1", "viewer", ROOT));
        assertEquals("username", name.problems().get(0).field());
        assertThrows(ConfigurationException.class, () -> users.create("longusername12", "LONGUSERNAME12", "viewer", ROOT));
        users.create("bob", "a long password 1", "viewer", ROOT);
        assertThrows(ConflictException.class, () -> users.create("bob", "a long password 1", "viewer", ROOT));
        assertThrows(ConflictException.class, () -> users.create("Bob", "a long password 1", "viewer", ROOT));
        assertThrows(ConfigurationException.class, () -> users.update("bob", "tiny", null, ROOT));
    }

    @Test
    void theLastAdminCanBeNeitherDeletedNorDemoted() {
        users.create("admin", "a long password 1", "admin", ROOT);
        assertThrows(ConflictException.class, () -> users.delete("admin", ROOT));
        assertThrows(ConflictException.class, () -> users.update("admin", null, "viewer", ROOT));
        users.create("second", "a long password 2", "admin", ROOT);
        users.update("admin", null, "viewer", ROOT);
        assertEquals("viewer", users.get("admin").orElseThrow().role());
        assertThrows(ConflictException.class, () -> users.delete("second", ROOT));
        users.delete("admin", ROOT);
        assertTrue(users.get("admin").isEmpty());
        assertThrows(NotFoundException.class, () -> users.delete("admin", ROOT));
        assertThrows(NotFoundException.class, () -> users.update("ghost", null, "viewer", ROOT));
    }

    @Test
    void passwordChangesTakeEffect() {
        users.create("carol", "a long password 1", "viewer", ROOT);
        users.update("carol", "another long password", null, ROOT);
        assertTrue(users.authenticate("carol", "a long password 1").isEmpty());
        assertTrue(users.authenticate("carol", "another long password").isPresent());
        assertTrue(audit.get(1).endsWith("password changed"));
        assertFalse(String.join("\n", audit).contains("another long password"));
    }

    @Test
    void firstStartUsesTheGivenPassword() {
        assertNull(InitialAdmin.ensure(users, new InitialAdmin.Sources(null, "the test admin password", dir)));
        assertEquals("admin", users.authenticate("admin", "the test admin password").orElseThrow().role());
        assertFalse(Files.exists(dir.resolve(InitialAdmin.FILE)));
        // a second start changes nothing
        assertNull(InitialAdmin.ensure(users, new InitialAdmin.Sources("other password 123", null, dir)));
        assertTrue(users.authenticate("admin", "the test admin password").isPresent());
    }

    @Test
    void theEnvironmentWinsAndAWeakOneIsRefused() {
        assertThrows(IllegalStateException.class,
                () -> InitialAdmin.ensure(users, new InitialAdmin.Sources("weak", "the test admin password", dir)));
        assertEquals(0, users.count());
        InitialAdmin.ensure(users, new InitialAdmin.Sources("environment password", "the test admin password", dir));
        assertTrue(users.authenticate("admin", "environment password").isPresent());
    }

    @Test
    void firstStartWithoutAPasswordGeneratesOnePrintedOnceAndStoredPrivately() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        String generated;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            generated = InitialAdmin.ensure(users, new InitialAdmin.Sources(null, null, dir,
                    new PrintStream(console, true, StandardCharsets.UTF_8)));
        } finally {
            System.setOut(original);
        }
        assertTrue(generated.length() >= 20);
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("Initial admin password: " + generated));
        assertFalse(out.toString(StandardCharsets.UTF_8).contains(generated), "System.out is copied into the log file");
        Path file = dir.resolve(InitialAdmin.FILE);
        assertEquals(generated, Files.readString(file).trim());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(users.authenticate("admin", generated).isPresent());
        assertNull(InitialAdmin.ensure(users, new InitialAdmin.Sources(null, null, dir)), "never twice");
    }

    @Test
    void aNewEmbeddedStoreHashesTheFirstAdminsPasswordAheadAndUsesIt() {
        Path fresh = dir.resolve("fresh");
        FirstAdminSeed seed = new FirstAdminSeed(new InitialAdmin.Sources(null, "the test admin password", fresh), true);
        FirstAdminSeed.Prepared ahead = seed.prepared().orElseThrow();
        assertFalse(ahead.generated());
        assertNull(InitialAdmin.ensure(users, new InitialAdmin.Sources(null, "the test admin password", fresh),
                seed.prepared()));
        assertEquals(ahead.hash().join(), storedHash("admin"), "the hash made ahead is the one stored");
        assertTrue(users.authenticate("admin", "the test admin password").isPresent());
    }

    @Test
    void aGeneratedPasswordIsChosenAheadToo() {
        Path fresh = dir.resolve("fresh");
        FirstAdminSeed seed = new FirstAdminSeed(new InitialAdmin.Sources(null, null, fresh), true);
        FirstAdminSeed.Prepared ahead = seed.prepared().orElseThrow();
        assertTrue(ahead.generated());
        String generated = InitialAdmin.ensure(users, new InitialAdmin.Sources(null, null, fresh,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)), seed.prepared());
        assertEquals(ahead.password(), generated);
        assertEquals(ahead.hash().join(), storedHash("admin"));
        assertTrue(users.authenticate("admin", generated).isPresent());
    }

    @Test
    void aHashMadeAheadForAnotherPasswordIsNotUsed() {
        Path fresh = dir.resolve("fresh");
        FirstAdminSeed seed = new FirstAdminSeed(new InitialAdmin.Sources(null, "a password chosen before", fresh), true);
        InitialAdmin.ensure(users, new InitialAdmin.Sources("the environment's password", null, fresh), seed.prepared());
        assertTrue(users.authenticate("admin", "the environment's password").isPresent());
        assertFalse(users.authenticate("admin", "a password chosen before").isPresent());
    }

    @Test
    void nothingIsHashedAheadForAStoreThatExistsOrIsShared() throws Exception {
        Path existing = dir.resolve("existing");
        Files.createDirectories(existing.resolve("db"));
        assertTrue(new FirstAdminSeed(new InitialAdmin.Sources(null, "the test admin password", existing), true)
                .prepared().isEmpty());
        assertTrue(new FirstAdminSeed(new InitialAdmin.Sources(null, "the test admin password", dir.resolve("new")), false)
                .prepared().isEmpty(), "a shared store may have its admin already");
        assertTrue(new FirstAdminSeed(new InitialAdmin.Sources("weak", null, dir.resolve("new")), true)
                .prepared().isEmpty(), "a weak password is refused when the store is there, not hashed");
    }

    private String storedHash(String username) {
        try (Connection c = db.connection(); java.sql.PreparedStatement ps = c.prepareStatement(
                "SELECT password_hash FROM users WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
