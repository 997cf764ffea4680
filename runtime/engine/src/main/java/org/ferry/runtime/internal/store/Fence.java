package org.ferry.runtime.internal.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Guards the writes of a run: checked inside each write's transaction, it throws {@link LeaseLostException} once
 * another node holds the run's lease, so the transaction rolls back and nothing of the stale node is kept. The
 * check holds a shared lock on the run's row until the transaction ends, so a takeover (which raises the token with
 * an update of that row) waits for writes in flight, and every write after it sees the new token.
 */
@FunctionalInterface
public interface Fence {
    /** For writes that belong to no run (tests, tools). */
    Fence NONE = c -> {
    };

    /** @throws LeaseLostException if the writer no longer holds the lease */
    void check(Connection c) throws SQLException;
}
