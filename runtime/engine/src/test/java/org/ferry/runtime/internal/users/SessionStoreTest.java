package org.ferry.runtime.internal.users;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.ferry.runtime.internal.MutableClock;
import org.ferry.runtime.internal.TestStores;
import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.management.SessionService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionStoreTest {
    @TempDir
    Path dir;
    private Database db;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T08:00:00Z"));
    private SessionStore sessions;

    @BeforeEach
    void open() throws Exception {
        db = TestStores.open(dir.resolve("data"), dir.resolve("conf"));
        sessions = new SessionStore(db, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aRevokedSessionIsGoneAtOnceThoughItWasResolvedBefore() {
        SessionService.Issued ann = sessions.issue("ann", Duration.ofHours(1));
        SessionService.Issued other = sessions.issue("ann", Duration.ofHours(1));
        SessionService.Issued bob = sessions.issue("bob", Duration.ofHours(1));
        assertEquals(Optional.of("ann"), sessions.resolve(ann.token()));
        assertEquals(Optional.of("ann"), sessions.resolve(ann.token()), "answered again, from memory");
        sessions.revoke(ann.token());
        assertEquals(Optional.empty(), sessions.resolve(ann.token()));
        assertEquals(Optional.of("ann"), sessions.resolve(other.token()));
        assertEquals(Optional.of("bob"), sessions.resolve(bob.token()));
        sessions.revokeUser("ann");
        assertEquals(Optional.empty(), sessions.resolve(other.token()));
        assertEquals(Optional.of("bob"), sessions.resolve(bob.token()));
    }

    @Test
    void aRememberedSessionStillExpires() {
        SessionService.Issued ann = sessions.issue("ann", Duration.ofMinutes(10));
        assertEquals(Optional.of("ann"), sessions.resolve(ann.token()));
        clock.advance(Duration.ofMinutes(11));
        assertEquals(Optional.empty(), sessions.resolve(ann.token()));
    }

    @Test
    void aSessionRevokedByAnotherNodeIsGoneWithinTheTrustOfASharedStore() throws Exception {
        SessionService.Issued ann = sessions.issue("ann", Duration.ofHours(1));
        assertEquals(Optional.of("ann"), sessions.resolve(ann.token()));
        // another node logs the session out: its row goes, and this node hears nothing of it
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM sessions");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
        clock.advance(SessionStore.SHARED_STORE_TRUST.plusSeconds(1));
        // an embedded store has one writer, this process, so what it remembers stays true; a shared one is asked again
        assertEquals(db.shared() ? Optional.empty() : Optional.of("ann"), sessions.resolve(ann.token()));
    }
}
