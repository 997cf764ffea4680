package org.ferry.runtime.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.ferry.runtime.internal.TestStores;
import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.internal.store.LeaseLostException;
import org.ferry.store.PostgresStore;
import org.ferry.store.StoreSettings;
import org.ferry.testing.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node frozen halfway through a transaction (SIGSTOP, a paused VM) keeps the fence's shared lock on its run's row,
 * and PostgreSQL's idle-in-transaction timeout never ends a session stopped before its batch's closing {@code Sync}.
 * Such a session is played here by one that has no such timeout. Once the lease ran out, another node must take the
 * run over all the same, ending the frozen node's stalled sessions and no other session. On PostgreSQL in both of the
 * module's test runs: the behaviour exists only there (an embedded Derby has one process).
 */
class StalledOwnerTakeoverTest {
    @TempDir
    Path dir;
    private PostgresServer server;
    private String database;
    private Database db;
    private RunStore store;
    private final List<Connection> sessions = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        server = TestStores.server();
        database = "stalled_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        server.createDatabase(database);
        db = new Database(dir.resolve("data"), dir.resolve("conf"),
                StoreSettings.parse(server.storeUrl(database), System::getenv), PostgresStore.sessionName("node-b"));
        store = new RunStore(db);
    }

    @AfterEach
    void close() throws SQLException {
        for (Connection c : sessions) {
            c.close();
        }
        db.close();
    }

    @Test
    void aRunWhoseOwnerFrozeInATransactionIsTakenOverAndOnlyTheFrozenSessionsAreEnded() throws Exception {
        RunLease stale = TestRuns.started(store, db, "node-a", Duration.ofSeconds(1));

        Connection frozenFence = stalled(PostgresStore.sessionName("node-a"), stale);
        Connection frozenHub = stalled(PostgresStore.sessionName("hub", "node-a"), null);
        Connection idleOfSameNode = session(PostgresStore.sessionName("node-a"));
        Connection stalledOfLiveNode = stalled(PostgresStore.sessionName("node-c"), null);
        Thread.sleep(RunClaims.STALLED.plusMillis(500)); // the lease (1 s) ran out, and the sessions stalled

        Optional<RunClaims.Claim> taken = store.claims().claim(stale.runId(), "node-b", 15);

        assertTrue(taken.isPresent(), "node-b takes the run over although node-a's session holds the fence's lock");
        assertTrue(taken.get().takeover());
        assertEquals("node-a", taken.get().previousOwner());
        assertEquals(stale.token() + 1, taken.get().token());
        assertFalse(frozenFence.isValid(2), "the frozen node's session that held the run's row was ended");
        assertFalse(frozenHub.isValid(2), "and its hub session that sat in a transaction");
        assertTrue(idleOfSameNode.isValid(2), "a session of the frozen node outside any transaction is left");
        assertTrue(stalledOfLiveNode.isValid(2), "another node's sessions are left, whatever they do");
        assertThrows(LeaseLostException.class, () -> store.claims().progress(stale, List.of()),
                "the frozen node, waking, writes nothing more of the run");
    }

    @Test
    void aLiveLeaseIsNeitherTakenNorAreItsSessionsEnded() throws Exception {
        RunLease live = TestRuns.started(store, db, "node-a", Duration.ofSeconds(60));
        Connection writing = stalled(PostgresStore.sessionName("node-a"), live);
        Thread.sleep(RunClaims.STALLED.plusMillis(500));

        assertEquals(Optional.empty(), store.claims().claim(live.runId(), "node-b", 15), "node-a's lease still runs");
        assertTrue(writing.isValid(2), "and its session is left, however long its transaction");
    }


    /** @return a session of that name that sits in a transaction, past the lease's fence (holding its lock) if given */
    private Connection stalled(String name, RunLease fence) throws SQLException {
        Connection c = session(name);
        c.setAutoCommit(false);
        if (fence != null) {
            fence.check(c);
        } else {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1")) {
                ps.executeQuery().close();
            }
        }
        return c;
    }

    private Connection session(String name) throws SQLException {
        Connection c = server.connect(database);
        sessions.add(c);
        try (Statement s = c.createStatement()) {
            s.execute("SET application_name = '" + name + "'");
        }
        return c;
    }
}
