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

/**
 * Small JDBC helpers shared by the stores: transactions that commit or roll back as a whole, and
 * timestamps kept in UTC so that what is stored does not depend on the server's time zone (a local
 * time zone would make instants in the autumn daylight-saving hour ambiguous).
 */
public final class Jdbc {
    private static final String INTEGRITY_VIOLATION = "23";
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    private Jdbc() {
    }

    /** Work done on one connection, inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs work in a transaction: committed if it returns, rolled back if it throws.
     *
     * @throws StoreException wrapping an {@link SQLException}; runtime exceptions pass unchanged
     */
    public static <T> T inTransaction(Database database, int isolation, Work<T> work) {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(isolation);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    public static <T> T inTransaction(Database database, Work<T> work) {
        return inTransaction(database, Connection.TRANSACTION_READ_COMMITTED, work);
    }

    /** Runs read-only work with auto-commit. */
    public static <T> T read(Database database, Work<T> work) {
        try (Connection c = database.connection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
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
