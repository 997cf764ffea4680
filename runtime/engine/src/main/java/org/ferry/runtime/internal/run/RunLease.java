package org.ferry.runtime.internal.run;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import org.ferry.runtime.internal.store.Fence;
import org.ferry.runtime.internal.store.LeaseLostException;
import org.ferry.store.Dialect;

/**
 * This node's claim on a run: the fencing token its claim raised, checked by every write of the run ({@link Fence}),
 * and how long the lease lasts since it was last renewed, by this process's monotonic clock. A node paused past its
 * lease (SIGSTOP, a long GC, a frozen VM) finds on waking that its lease is over before it asks the store, so it
 * does not send one more batch to a target while another node may be writing the same records.
 */
final class RunLease implements Fence {
    private final String runId;
    private final long token;
    private final String node;
    private final Dialect dialect;
    private final long durationNanos;
    private volatile long renewedAt;
    private volatile String lostTo;

    RunLease(String runId, long token, String node, Dialect dialect, Duration duration) {
        this.runId = runId;
        this.token = token;
        this.node = node;
        this.dialect = dialect;
        this.durationNanos = duration.toNanos();
        this.renewedAt = System.nanoTime();
    }

    String runId() {
        return runId;
    }

    long token() {
        return token;
    }

    String node() {
        return node;
    }

    /** The store confirmed the lease (the renewal updated the run's row with this token). */
    void renewed(long at) {
        renewedAt = at;
    }

    /** The store says another claim replaced this one. */
    void lost(String why) {
        if (lostTo == null) {
            lostTo = why;
        }
    }

    boolean isLost() {
        return lostTo != null;
    }

    /** @return whether this node may still act for the run: not lost, and renewed within the lease's duration */
    boolean heldLocally() {
        return lostTo == null && System.nanoTime() - renewedAt < durationNanos;
    }

    /** @throws LeaseLostException unless the lease is {@link #heldLocally() held} */
    void requireHeld() {
        if (lostTo != null) {
            throw new LeaseLostException("run " + runId + ": " + lostTo);
        }
        if (!heldLocally()) {
            throw new LeaseLostException("run " + runId + ": the lease of node " + node + " was not renewed for "
                    + Duration.ofNanos(System.nanoTime() - renewedAt).toSeconds() + " s; another node may hold it");
        }
    }

    @Override
    public void check(Connection c) throws SQLException {
        if (lostTo != null) {
            throw new LeaseLostException("run " + runId + ": " + lostTo);
        }
        // The claim's row first, under a lock held to the transaction's end: a takeover updates it before it raises
        // the token, so it waits for this write, and a check that waited for a takeover reads the raised token below.
        try (PreparedStatement ps = c.prepareStatement("SELECT node FROM run_claims WHERE run_id = ? AND lease_token = ?"
                + dialect.sharedLock())) {
            ps.setString(1, runId);
            ps.setLong(2, token);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    lost("its claim " + token + " is no longer recorded");
                }
            }
        }
        if (lostTo == null) {
            // read committed, without a lock kept: the owner's renewals update this row while its writes are in flight
            try (PreparedStatement ps = c.prepareStatement("SELECT lease_token, owner FROM runs WHERE id = ?")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        lost("the run no longer exists");
                    } else if (rs.getLong(1) != token) {
                        lost("node " + rs.getString(2) + " took the run over (lease " + rs.getLong(1) + " after " + token + ")");
                    }
                }
            }
        }
        if (lostTo != null) {
            throw new LeaseLostException("run " + runId + ": " + lostTo);
        }
    }
}
