package org.ferry.runtime.internal.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Guards the writes of a run: checked inside each write's transaction, it throws {@link LeaseLostException} once
 * another node holds the run's lease, so the transaction rolls back and nothing of the stale node is kept. The
 * check holds a shared lock on the row of the claim it holds ({@code run_claims}) until the transaction ends, so a
 * takeover (which updates that row before it raises the token) waits for writes in flight, and every write after it
 * sees the new token. The lock is not on the run's own row, which the owner's lease renewals and progress update:
 * a renewal never waits for the run's own writes.
 */
@FunctionalInterface
public interface Fence {
    /** For writes that belong to no run (tests, tools). */
    Fence NONE = c -> {
    };

    /** @throws LeaseLostException if the writer no longer holds the lease */
    void check(Connection c) throws SQLException;
}
