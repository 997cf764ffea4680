package org.ferry.runtime.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Calendar;
import java.util.TimeZone;

import org.ferry.runtime.management.ConflictException;
import org.ferry.store.Dialect;

/**
 * Small JDBC helpers shared by the stores: transactions that commit or roll back as a whole, and
 * timestamps kept in UTC so that what is stored does not depend on the server's time zone (a local
 * time zone would make instants in the autumn daylight-saving hour ambiguous).
 */
public final class Jdbc {
    private static final String INTEGRITY_VIOLATION = "23";
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String UNIQUE_VIOLATION = "23505";
    /** Attempts of a transaction that keeps losing lock conflicts or its connection. */
    static final int ATTEMPTS = 6;

    private Jdbc() {
    }

    /** Work done on one connection, inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs work in a transaction: committed if it returns, rolled back if it throws. A transaction that lost a lock
     * conflict (a deadlock, PostgreSQL's serialization failure under SERIALIZABLE) or its connection (the store's
     * server restarting) is run again, a few times: the work must be only database work, which the rollback undid.
     *
     * @throws StoreException wrapping an {@link SQLException}; runtime exceptions pass unchanged
     */
    public static <T> T inTransaction(Database database, int isolation, Work<T> work) {
        try {
            return retried(() -> {
                try (Connection c = database.connection()) {
                    c.setTransactionIsolation(isolation);
                    return transaction(c, work);
                }
            });
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Database work that may be made again. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws SQLException;
    }

    /**
     * The stores' one retry rule: an attempt that lost a lock conflict or its connection is made again, a few times,
     * after a growing pause; any other failure, or the last, is thrown.
     */
    public static <T> T retried(Attempt<T> attempt) throws SQLException {
        for (int n = 1; ; n++) {
            try {
                return attempt.run();
            } catch (SQLException e) {
                if (n >= ATTEMPTS || !(Dialect.isRetryable(e) || Dialect.isConnectionLost(e))) {
                    throw e;
                }
                pause(n);
            }
        }
    }

    /**
     * Runs a write of a run in a transaction that first checks the run's lease ({@link Fence}): a node that lost the
     * lease gets {@link LeaseLostException} and its write is rolled back.
     */
    public static <T> T fenced(Database database, Fence fence, Work<T> work) {
        return inTransaction(database, c -> {
            fence.check(c);
            return work.run(c);
        });
    }

    /**
     * Runs work as one transaction on the caller's connection (a pooled one, or one a store keeps): committed if it
     * returns, rolled back if it throws; the connection is left in auto-commit.
     */
    public static <T> T transaction(Connection c, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c, e);
            throw e;
        } finally {
            try {
                c.setAutoCommit(true);
            } catch (SQLException e) {
                // a lost connection: its owner discards it
            }
        }
    }

    /** Rolls back after a failure; a connection lost meanwhile has nothing left to roll back. */
    public static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Waits before another attempt: 50 ms, 100 ms, 200 ms … up to 2 s, with jitter so racing nodes part. */
    public static void pause(int attempt) {
        long base = Math.min(2_000, 50L << Math.min(attempt - 1, 6));
        try {
            Thread.sleep(base / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(base / 2 + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static <T> T inTransaction(Database database, Work<T> work) {
        return inTransaction(database, Connection.TRANSACTION_READ_COMMITTED, work);
    }

    /**
     * Runs read-only work in one transaction. Not with auto-commit: a second statement on the connection then
     * commits the first one's transaction, and Derby closes the container of a CLOB longer than a page (about
     * 32 KB) that the first result set has not read yet ("Container has been closed"), so a large value would
     * be stored but could never be read back.
     */
    public static <T> T read(Database database, Work<T> work) {
        return inTransaction(database, work);
    }

    public static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.TIMESTAMP);
        } else {
            ps.setTimestamp(index, Timestamp.from(instant), utc());
        }
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column, utc());
        return t == null ? null : t.toInstant();
    }

    /** @return whether the statement broke a foreign key: something still refers to what was deleted */
    public static boolean isForeignKeyViolation(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if (FOREIGN_KEY_VIOLATION.equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the statement broke the named unique constraint (or primary key) */
    public static boolean isUniqueViolation(SQLException e, String constraint) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if (UNIQUE_VIOLATION.equals(s.getSQLState()) && String.valueOf(s.getMessage())
                    .toUpperCase(java.util.Locale.ROOT).contains(constraint.toUpperCase(java.util.Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The form a name is compared in for uniqueness ({@code name_key} columns): trimmed and in lower case, so
     * "Sales" and "sales " are one name.
     */
    public static String nameKey(String name) {
        return name.strip().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Whether another row of the table holds the name, for a form's validation to say so with its other problems (the
     * constraint of {@link #uniqueName} still decides under concurrent writes).
     *
     * @param table     a table with {@code id} and {@code name_key} columns
     * @param exceptId  the row being renamed, or {@code null}
     */
    public static boolean nameTaken(Database database, String table, String name, String exceptId) {
        if (name == null || name.isBlank()) {
            return false;
        }
        return read(database, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + table + " WHERE name_key = ?")) {
                ps.setString(1, nameKey(name));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (!rs.getString(1).equals(exceptId)) {
                            return true;
                        }
                    }
                    return false;
                }
            }
        });
    }

    /**
     * Work that stores a name under a unique {@code name_key} constraint: breaking it is a conflict the user can
     * act on (409 naming the name), not a store failure. The constraint, not a look-up first, decides, so
     * concurrent creates of one name give one resource whatever the timing.
     *
     * @param what the kind of resource, as the message names it ({@code connection})
     */
    public static <T> Work<T> uniqueName(String constraint, String what, String name, Work<T> work) {
        return c -> {
            try {
                return work.run(c);
            } catch (SQLException e) {
                if (isUniqueViolation(e, constraint)) {
                    throw new ConflictException("a " + what + " named '" + name.strip() + "' exists already (names"
                            + " are compared without regard to case)");
                }
                throw e;
            }
        };
    }

    /** @return whether the statement broke a constraint (key, foreign key, check) */
    public static boolean isIntegrityViolation(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith(INTEGRITY_VIOLATION);
    }

    // A Calendar is mutable and the driver may write to it, so each call gets its own.
    private static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    }

    /** A store failure that is not the user's fault (disk full, corrupt database, a bug in a statement). */
    public static final class StoreException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public StoreException(SQLException cause) {
            super("the store failed: " + cause.getMessage(), cause);
        }

        public SQLException sqlException() {
            return (SQLException) getCause();
        }
    }
}
