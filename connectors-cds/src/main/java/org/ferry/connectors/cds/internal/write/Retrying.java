package org.ferry.connectors.cds.internal.write;

import java.sql.SQLException;

import org.ferry.api.error.RetriableException;
import org.ferry.connectors.cds.internal.store.Environment;
import org.ferry.connectors.cds.internal.store.Sql;

/**
 * Runs a changing transaction again when Derby reports a lock conflict (a deadlock victim, a lock timeout)
 * a unique-key race with a concurrent writer of the same key, or contention on the change sequence; a fresh
 * attempt sees the other's commit.
 */
final class Retrying {
    private static final int ATTEMPTS = 5;

    private Retrying() {
    }

    /** @throws SQLException a failure that is not transient, for the caller to handle */
    static <T> T changing(Environment env, Sql.Work<T> work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return env.changing(work);
            } catch (SQLException e) {
                if (!Sql.isTransient(e)) {
                    throw e;
                }
                if (attempt >= ATTEMPTS) {
                    throw new RetriableException("The CDS environment '" + env.name() + "' stayed busy: "
                            + Sql.message(e), e);
                }
                try {
                    Thread.sleep(20L * attempt + (long) (Math.random() * 20));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new RetriableException("interrupted while waiting to retry a write", ie);
                }
            }
        }
    }
}
