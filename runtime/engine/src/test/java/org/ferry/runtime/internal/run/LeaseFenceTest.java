package org.ferry.runtime.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.ferry.runtime.internal.TestStores;
import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.internal.store.Jdbc;
import org.ferry.runtime.internal.store.LeaseLostException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fence of a run's writes and the lease it is renewed by, on the store of the module's test run (Derby, then
 * PostgreSQL). A write in flight holds its claim, not the run's row: the owner's renewals and progress go on while it
 * lasts (a write longer than the lease cost the run when the fence locked the row they update), and a takeover still
 * waits for it and fences every later write of the old owner.
 */
class LeaseFenceTest {
    @TempDir
    Path dir;
    private Database db;
    private RunStore store;
    /** A thread for each task: the common pool has a single worker on two cores, which the write in flight holds. */
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void open() throws Exception {
        db = TestStores.open(dir.resolve("data"), dir.resolve("conf"));
        store = new RunStore(db);
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        db.close();
    }

    @Test
    void theOwnerRenewsItsLeaseAndCountsProgressWhileItsWriteIsInFlight() throws Exception {
        RunLease lease = TestRuns.started(store, db, "node-a", Duration.ofSeconds(60));
        CountDownLatch fenced = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> write = writeHolding(lease, fenced, release);
        try {
            assertTrue(fenced.await(10, TimeUnit.SECONDS), "the write passed its fence");

            String[] stop = CompletableFuture.supplyAsync(() -> store.claims().renew(lease, 60), threads).get(10, TimeUnit.SECONDS);
            assertNotNull(stop, "the renewal kept the lease");
            assertEquals(0, stop.length);
            CompletableFuture.runAsync(() -> store.claims().progress(lease, List.of()), threads).get(10, TimeUnit.SECONDS);
        } finally {
            release.countDown();
        }
        write.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aTakeoverWaitsForTheWriteInFlightAndFencesTheOldOwnersNextWrite() throws Exception {
        RunLease stale = TestRuns.started(store, db, "node-a", Duration.ofSeconds(1));
        String runId = stale.runId();
        CountDownLatch fenced = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> write = writeHolding(stale, fenced, release);
        assertTrue(fenced.await(10, TimeUnit.SECONDS), "the write passed its fence");
        Thread.sleep(1_500); // node-a's lease (1 s) ran out while its write is in flight

        CompletableFuture<Optional<RunClaims.Claim>> takeover =
                CompletableFuture.supplyAsync(() -> store.claims().claim(runId, "node-b", 60), threads);
        Thread.sleep(500);
        assertFalse(takeover.isDone(), "the claim waits for node-a's write in flight");
        release.countDown();
        write.get(10, TimeUnit.SECONDS);
        Optional<RunClaims.Claim> taken = takeover.get(10, TimeUnit.SECONDS);

        assertTrue(taken.isPresent(), "node-b took the run over once the write ended");
        assertEquals(stale.token() + 1, taken.get().token());
        assertEquals(1, rowsWritten(runId), "node-a's write in flight was kept");
        assertThrows(LeaseLostException.class, () -> Jdbc.fenced(db, stale, c -> insertError(c, runId)),
                "node-a writes nothing more of the run");
        assertNull(store.claims().renew(stale, 60), "and its renewal finds the lease lost");
        assertEquals(1, rowsWritten(runId));
    }

    /** A fenced write of one error row that, once past its fence, waits for {@code release} before it commits. */
    private CompletableFuture<Void> writeHolding(RunLease lease, CountDownLatch fenced, CountDownLatch release) {
        return CompletableFuture.runAsync(() -> Jdbc.fenced(db, lease, c -> {
            insertError(c, lease.runId());
            fenced.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }), threads);
    }

    private static Void insertError(Connection c, String runId) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO run_errors(run_id, task, leg, message, kind, occurred_at)"
                + " VALUES (?, 't', 'source', 'written in flight', 'error', CURRENT_TIMESTAMP)")) {
            ps.setString(1, runId);
            ps.executeUpdate();
        }
        return null;
    }

    private int rowsWritten(String runId) {
        return Jdbc.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM run_errors WHERE run_id = ?")) {
                ps.setString(1, runId);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }
}
