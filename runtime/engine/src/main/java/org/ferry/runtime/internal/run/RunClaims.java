package org.ferry.runtime.internal.run;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.internal.store.Jdbc;
import org.ferry.runtime.internal.store.Jdbc.StoreException;
import org.ferry.runtime.internal.store.LeaseLostException;
import org.ferry.runtime.internal.store.RememberedReads;
import org.ferry.runtime.management.RunInfo;
import org.ferry.runtime.management.RunStatus;
import org.ferry.runtime.management.RunTaskInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which node runs which run, in the {@code runs} table: a queued run is claimed by one node (a conditional update, and
 * a fencing token that rises with every claim), its lease renewed while it runs, handed back, taken over when the
 * lease runs out, asked to stop from any node, and ended; every write of a run's own row is made only while the
 * lease's token is the row's. The project's lock is freed in the transaction that ends the run.
 */
final class RunClaims {
    private final Database db;
    private final RememberedReads runs;

    private static final Logger LOG = LoggerFactory.getLogger(RunClaims.class);
    /** How long a claim waits, each time, for its previous claim's row, held by the previous owner's writes in flight. */
    static final Duration CLAIM_LOCK_WAIT = Duration.ofSeconds(2);
    /**
     * How long a lapsed owner's session may sit in a transaction without a word before a claimer ends it: far longer
     * than a healthy node's pause between two statements of a transaction, far shorter than a lease.
     */
    static final Duration STALLED = Duration.ofSeconds(5);

    RunClaims(Database db) {
        this.db = db;
        this.runs = db.remembered("runs");
    }

    /** Every write of the runs table here: committed, then what the admin API remembered of the table is forgotten. */
    private <T> T write(Jdbc.Work<T> work) {
        try {
            return Jdbc.inTransaction(db, work);
        } finally {
            runs.changed();
        }
    }

    /** @return the condition on a {@code runs} row that no live node holds: queued or running, unowned or its lease over */
    private String unheld() {
        return "status IN ('QUEUED', 'RUNNING') AND (owner IS NULL OR lease_until IS NULL OR lease_until < "
                + db.dialect().now() + ")";
    }

    /** A claim won: the token it raised, and what the run was when claimed (a RUNNING one is taken over). */
    record Claim(RunInfo run, long token, boolean takeover, String stopRequest, String stopReason, String previousOwner) {
    }

    /**
     * @return up to {@code limit} runs no live node holds: queued and unclaimed, or whose lease ran out (their node
     *         died or paused), oldest first
     */
    List<String> claimable(int limit) {
        return Jdbc.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM runs WHERE " + unheld()
                    + " ORDER BY queued_at, id FETCH FIRST " + limit + " ROWS ONLY")) {
                List<String> ids = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                return ids;
            }
        });
    }

    /**
     * Claims a run for a node if no live node holds it: one conditional update, so of nodes racing for a run exactly
     * one wins, and the fencing token rises with every claim. A takeover then waits for the previous owner's writes in
     * flight, which hold its claim's row ({@link org.ferry.runtime.internal.store.Fence}), by updating that row in
     * the same transaction; at most {@link #CLAIM_LOCK_WAIT} at a time: a frozen owner's sessions are ended first
     * ({@link #endStalledSessionsOfLapsedOwner}), and a wait that still runs out rolls the claim back, to be tried
     * again by the claimer's next round instead of holding it.
     */
    Optional<Claim> claim(String runId, String node, long leaseSeconds) {
        endStalledSessionsOfLapsedOwner(runId, node);
        return write(c -> {
            db.dialect().limitLockWait(c, CLAIM_LOCK_WAIT);
            String previousOwner;
            long previousToken;
            try (PreparedStatement ps = c.prepareStatement("SELECT owner, lease_token FROM runs WHERE id = ? AND " + unheld())) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Claim>empty(); // ended, or its lease was renewed meanwhile
                    }
                    previousOwner = rs.getString(1);
                    previousToken = rs.getLong(2);
                }
            }
            // The previous claim's row, which the previous owner's writes in flight hold (the fence's shared lock):
            // this update waits for them to end, and any later write of that owner waits for this claim to end and
            // then reads the raised token. Nothing of the row changes. Taken before the run's row, in the order the
            // fence takes the two, so that a claim and a write cannot deadlock.
            try (PreparedStatement ps = c.prepareStatement("UPDATE run_claims SET node = node WHERE run_id = ? AND lease_token = ?")) {
                ps.setString(1, runId);
                ps.setLong(2, previousToken);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET owner = ?, lease_token = lease_token + 1,"
                    + " lease_until = " + db.dialect().secondsFromNow(leaseSeconds) + " WHERE id = ? AND lease_token = ?"
                    + " AND " + unheld())) {
                ps.setString(1, node);
                ps.setString(2, runId);
                ps.setLong(3, previousToken);
                if (ps.executeUpdate() == 0) {
                    return Optional.<Claim>empty(); // another node claimed it first, or its owner renewed the lease
                }
            }
            long token;
            String stopRequest;
            String stopReason;
            RunInfo run;
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM runs WHERE id = ?")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    token = rs.getLong("lease_token");
                    stopRequest = rs.getString("stop_request");
                    stopReason = rs.getString("stop_reason");
                    run = RunStore.row(rs);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO run_claims(run_id, lease_token, node, claimed_at)"
                    + " VALUES (?, ?, ?, " + db.dialect().now() + ")")) {
                ps.setString(1, runId);
                ps.setLong(2, token);
                ps.setString(3, node);
                ps.executeUpdate();
            }
            return Optional.of(new Claim(run, token, run.status() == RunStatus.RUNNING, stopRequest, stopReason,
                    previousOwner));
        });
    }

    /**
     * A run whose lease ran out while another node held it: that node is dead, partitioned or frozen. Frozen inside a
     * transaction, it keeps its locks on its claim's row (the fence's shared lock) and on what it was writing, and the
     * store's server ends such a session only if it stopped between two commands; stopped halfway through a batch it
     * would hold them until it wakes, and no node could take the run over. Its sessions quiet for {@link #STALLED}
     * inside a transaction are ended here (it no longer holds the lease, so nothing of it is lost that it may keep).
     */
    private void endStalledSessionsOfLapsedOwner(String runId, String node) {
        String owner = Jdbc.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT owner FROM runs WHERE id = ? AND status = 'RUNNING'"
                    + " AND owner IS NOT NULL AND owner <> ? AND lease_until < " + db.dialect().now())) {
                ps.setString(1, runId);
                ps.setString(2, node);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
        if (owner == null) {
            return;
        }
        try {
            int ended = Jdbc.inTransaction(db, c -> db.dialect().endStalledSessions(c, owner, STALLED));
            if (ended > 0) {
                LOG.warn("Run {}: node {} let its lease run out while {} of its sessions sat in a transaction; they"
                        + " were ended so that the run can be taken over", runId, owner, ended);
            }
        } catch (StoreException e) {
            // a store user that may not end the other node's sessions: the claim waits for them as before
            LOG.warn("Run {}: the sessions of node {}, whose lease ran out, could not be ended: {}", runId, owner,
                    e.getMessage());
        }
    }

    /**
     * Extends the lease from now.
     *
     * @return the stop asked for the run meanwhile ({@code [status, reason]}, or an empty array), or {@code null}
     *         if the lease is lost: another claim raised the token
     */
    String[] renew(RunLease lease, long leaseSeconds) {
        return write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET lease_until = "
                    + db.dialect().secondsFromNow(leaseSeconds) + " WHERE id = ? AND lease_token = ?")) {
                ps.setString(1, lease.runId());
                ps.setLong(2, lease.token());
                if (ps.executeUpdate() == 0) {
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT stop_request, stop_reason FROM runs WHERE id = ?")) {
                ps.setString(1, lease.runId());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getString(1) != null ? new String[] {rs.getString(1), rs.getString(2)}
                            : new String[0];
                }
            }
        });
    }

    /**
     * Hands a run back without ending it (a node stopping in a cluster): its progress is kept and its lease runs out
     * now, so another node takes it over from its checkpoints at once.
     */
    void release(RunLease lease, List<RunTaskInfo> tasks) {
        write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET lease_until = "
                    + db.dialect().secondsFromNow(-1) + ", progress = ? WHERE id = ? AND lease_token = ?")) {
                ps.setString(1, RunStore.json(tasks));
                ps.setString(2, lease.runId());
                ps.setLong(3, lease.token());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Ends the leases a node's previous process held (it died; this process of the node starts): they are free now. */
    int expireLeasesOf(String node) {
        return write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET lease_until = "
                    + db.dialect().secondsFromNow(-1) + " WHERE owner = ? AND status IN ('QUEUED', 'RUNNING')")) {
                ps.setString(1, node);
                return ps.executeUpdate();
            }
        });
    }

    /** Asks the run's owner, wherever it runs, to stop it; the owner finds the request when it renews the lease. */
    void requestStop(String runId, RunStatus status, String reason) {
        write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET stop_request = ?, stop_reason = ?"
                    + " WHERE id = ? AND stop_request IS NULL")) {
                ps.setString(1, status.name());
                ps.setString(2, RunStore.truncate(reason, 400));
                ps.setString(3, runId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Ends a queued run that no node claimed yet, and frees its project.
     *
     * @return whether it was still unclaimed (otherwise its node ends it)
     */
    boolean cancelQueued(String runId, String projectId, String message) {
        return write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET status = ?, ended_at = ?, message = ?"
                    + " WHERE id = ? AND status = 'QUEUED' AND owner IS NULL")) {
                ps.setString(1, RunStatus.CANCELLED.name());
                ps.setTimestamp(2, Timestamp.from(Instant.now()));
                ps.setString(3, message);
                ps.setString(4, runId);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            unlock(c, projectId, runId);
            return true;
        });
    }

    void started(RunLease lease, Instant at) {
        fencedUpdate(lease, "UPDATE runs SET status = ?, started_at = COALESCE(started_at, ?) WHERE id = ? AND lease_token = ?",
                RunStatus.RUNNING.name(), Timestamp.from(at));
    }

    void progress(RunLease lease, List<RunTaskInfo> tasks) {
        fencedUpdate(lease, "UPDATE runs SET progress = ? WHERE id = ? AND lease_token = ?", RunStore.json(tasks));
    }

    /** Records the end and releases the project's lock in one transaction, if the lease is still this node's. */
    void finished(RunInfo run, RunLease lease) {
        write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET status = ?, ended_at = ?, message = ?, progress = ?,"
                    + " started_at = COALESCE(started_at, ?), lease_until = NULL WHERE id = ? AND lease_token = ?")) {
                ps.setString(1, run.status().name());
                ps.setTimestamp(2, Timestamp.from(run.endedAt()));
                ps.setString(3, RunStore.truncate(run.message(), 4000));
                ps.setString(4, RunStore.json(run.tasks()));
                ps.setTimestamp(5, Timestamp.from(run.endedAt()));
                ps.setString(6, run.id());
                ps.setLong(7, lease.token());
                if (ps.executeUpdate() == 0) {
                    lease.lost("another node took the run over before it ended here");
                    throw new LeaseLostException("run " + run.id() + ": its end was not recorded; another node holds it");
                }
            }
            unlock(c, run.projectId(), run.id());
            return null;
        });
    }

    private static void unlock(Connection c, String projectId, String runId) throws SQLException {
        try (PreparedStatement unlock = c.prepareStatement("DELETE FROM project_locks WHERE project_id = ? AND run_id = ?")) {
            unlock.setString(1, projectId);
            unlock.setString(2, runId);
            unlock.executeUpdate();
        }
    }

    /** Marks runs a previous process left live as INTERRUPTED and frees their projects (a store of one process). */
    int interruptOrphans(String message) {
        return write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET status = ?, ended_at = ?, message = ?,"
                    + " lease_until = NULL WHERE status IN ('RUNNING', 'QUEUED')");
                 PreparedStatement unlock = c.prepareStatement("DELETE FROM project_locks")) {
                ps.setString(1, RunStatus.INTERRUPTED.name());
                ps.setTimestamp(2, Timestamp.from(Instant.now()));
                ps.setString(3, message);
                int n = ps.executeUpdate();
                unlock.executeUpdate();
                return n;
            }
        });
    }

    /** An update of the run's own row, made only while the lease's token is the row's. */
    private void fencedUpdate(RunLease lease, String sql, Object... params) {
        write(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (Object p : params) {
                    ps.setObject(i++, p);
                }
                ps.setString(i++, lease.runId());
                ps.setLong(i, lease.token());
                if (ps.executeUpdate() == 0) {
                    lease.lost("another node took the run over");
                    throw new LeaseLostException("run " + lease.runId() + ": another node holds its lease");
                }
            }
            return null;
        });
    }

}
