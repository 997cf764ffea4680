package org.ferry.connectors.cds.internal.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;

import javax.sql.DataSource;

/**
 * Keeps a few idle embedded connections: opening one costs more than a small batch's writes, and the
 * engine writes batch after batch. Connections are handed out in manual-commit mode and rolled back when
 * given back, so no transaction leaks from one use to the next. Over a pool of its own (PostgreSQL's, which
 * tests and replaces connections a server restart broke) it keeps nothing idle and closes what is given back.
 */
final class ConnectionPool implements AutoCloseable {
    private static final int MAX_IDLE = 8;

    private final DataSource dataSource;
    private final boolean keepIdle;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private boolean closed;

    /** @param keepIdle whether to keep given-back connections open (not when the DataSource pools them itself) */
    ConnectionPool(DataSource dataSource, boolean keepIdle) {
        this.dataSource = dataSource;
        this.keepIdle = keepIdle;
    }

    Connection borrow() throws SQLException {
        synchronized (this) {
            if (closed) {
                throw new SQLException("the environment is closed", "08003");
            }
            Connection c = idle.pollFirst();
            if (c != null) {
                return c;
            }
        }
        Connection c = dataSource.getConnection();
        c.setAutoCommit(false);
        return c;
    }

    void release(Connection c, boolean healthy) {
        boolean keep = healthy;
        if (keep) {
            try {
                c.rollback();
            } catch (SQLException e) {
                keep = false;
            }
        }
        synchronized (this) {
            if (keep && keepIdle && !closed && idle.size() < MAX_IDLE) {
                idle.addFirst(c);
                return;
            }
        }
        closeQuietly(c);
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            idle.forEach(ConnectionPool::closeQuietly);
            idle.clear();
            if (dataSource instanceof AutoCloseable pooled) {
                try {
                    pooled.close();
                } catch (Exception e) {
                    // closing: nothing to recover
                }
            }
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.rollback();
            c.close();
        } catch (SQLException e) {
            // the connection is being discarded; nothing to recover
        }
    }
}
