package org.ferry.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What differs between the two stores, in one place; everything else is standard SQL both run unchanged
 * ({@code OFFSET … ROWS FETCH NEXT … ROWS ONLY}, {@code GENERATED ALWAYS AS IDENTITY}, {@code BOOLEAN}, …).
 *
 * <p>Schema scripts are written once, in the Derby spelling they have always had, and {@link #ddl} rewrites
 * the few constructs PostgreSQL spells otherwise: {@code CLOB}/{@code BLOB} types, {@code RENAME TABLE},
 * {@code ALTER COLUMN c [NOT] NULL}, schema-qualified index names. {@code TIMESTAMP} columns become
 * {@code TIMESTAMP WITH TIME ZONE} there: nodes of one cluster need not share a time zone, and an instant
 * stored by one reads back as the same instant on another.
 */
public enum Dialect {
    DERBY {
        @Override
        public String ddl(String statement) {
            return statement;
        }

        @Override
        public String secondsFromNow(long seconds) {
            return "{fn TIMESTAMPADD(SQL_TSI_SECOND, " + seconds + ", CURRENT_TIMESTAMP)}";
        }

        @Override
        public String sharedLock() {
            return " WITH RS";
        }

        @Override
        public String nextValue(String sequence) {
            return "NEXT VALUE FOR " + sequence;
        }

        @Override
        public void lockExclusively(Connection c, long key) {
            // an embedded database belongs to one process, whose callers serialise themselves
        }

        @Override
        public void unlockExclusively(Connection c, long key) {
        }
    },
    POSTGRESQL {
        @Override
        public String ddl(String statement) {
            String s = statement.strip();
            if (s.regionMatches(true, 0, "CALL SYSCS_UTIL.", 0, 16)) {
                return null; // Derby's database properties have no counterpart
            }
            Matcher rename = RENAME_TABLE.matcher(s);
            if (rename.matches()) {
                return "ALTER TABLE " + rename.group(1) + " RENAME TO " + rename.group(2);
            }
            Matcher nullable = ALTER_NULL.matcher(s);
            if (nullable.matches()) {
                return "ALTER TABLE " + nullable.group(1) + " ALTER COLUMN " + nullable.group(2)
                        + (nullable.group(3) != null ? " SET NOT NULL" : " DROP NOT NULL");
            }
            Matcher index = QUALIFIED_INDEX.matcher(s);
            if (index.lookingAt()) {
                s = index.group(1) + index.group(2) + s.substring(index.end());
            }
            if (DDL.matcher(s).lookingAt()) {
                s = CLOB.matcher(s).replaceAll("TEXT");
                s = BLOB.matcher(s).replaceAll("BYTEA");
                s = DOUBLE.matcher(s).replaceAll("DOUBLE PRECISION");
                s = TIMESTAMP.matcher(s).replaceAll("TIMESTAMP WITH TIME ZONE");
            }
            return s;
        }

        @Override
        public String secondsFromNow(long seconds) {
            return "(CURRENT_TIMESTAMP + INTERVAL '" + seconds + " seconds')";
        }

        @Override
        public String sharedLock() {
            return " FOR SHARE";
        }

        @Override
        public String nextValue(String sequence) {
            return "nextval('" + sequence + "')";
        }

        @Override
        public void lockExclusively(Connection c, long key) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_lock(" + key + ")");
            }
        }

        @Override
        public void unlockExclusively(Connection c, long key) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_unlock(" + key + ")");
            }
        }

        @Override
        public void limitLockWait(Connection c, Duration wait) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL lock_timeout = " + Math.max(1, wait.toMillis()));
            }
        }

        @Override
        public int endStalledSessions(Connection c, String node, Duration quiet) throws SQLException {
            // OFFSET 0 keeps the filter a subquery the planner does not flatten, so the signal is only ever sent to
            // the sessions it selected
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM (SELECT pid FROM pg_stat_activity"
                    + " WHERE pid <> pg_backend_pid() AND " + PostgresStore.SESSIONS_OF_NODE
                    + " AND xact_start IS NOT NULL AND state_change < clock_timestamp() - make_interval(secs => ?)"
                    + " OFFSET 0) stalled WHERE pg_terminate_backend(stalled.pid)")) {
                int i = PostgresStore.sessionsOfNode(ps, 1, node);
                ps.setDouble(i, quiet.toMillis() / 1000.0);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }
        }
    };

    private static final Pattern RENAME_TABLE = Pattern.compile("(?is)RENAME\\s+TABLE\\s+(\\S+)\\s+TO\\s+(\\S+)");
    private static final Pattern ALTER_NULL = Pattern.compile(
            "(?is)ALTER\\s+TABLE\\s+(\\S+)\\s+ALTER\\s+COLUMN\\s+(\\S+)\\s+(NOT\\s+)?NULL");
    private static final Pattern QUALIFIED_INDEX = Pattern.compile(
            "(?is)(CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+)(?:\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_]*)\\.(\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern DDL = Pattern.compile("(?is)(CREATE|ALTER)\\s+TABLE\\b");
    private static final Pattern CLOB = Pattern.compile("(?i)\\bCLOB\\b(\\s*\\(\\s*\\d+\\s*[KMG]?\\s*\\))?");
    private static final Pattern BLOB = Pattern.compile("(?i)\\bBLOB\\b(\\s*\\(\\s*\\d+\\s*[KMG]?\\s*\\))?");
    private static final Pattern DOUBLE = Pattern.compile("(?i)\\bDOUBLE\\b(?!\\s+PRECISION)");
    private static final Pattern TIMESTAMP = Pattern.compile("(?i)\\bTIMESTAMP\\b(?!\\s+WITH)");

    /** SQLStates of a failure a fresh attempt of the whole transaction may not meet. */
    private static final Set<String> RETRYABLE = Set.of(
            "40001",  // serialization failure (PostgreSQL); deadlock victim (Derby)
            "40P01",  // deadlock detected (PostgreSQL)
            "40XL1",  // lock wait timeout (Derby)
            "40XL2",  // lock wait timeout, with the lock table dumped (Derby)
            "55P03"); // lock not available (PostgreSQL)
    /** SQLStates of a server that went away or is starting or stopping (a restart of PostgreSQL). */
    private static final Set<String> CONNECTION_LOST = Set.of("57P01", "57P02", "57P03", "53300");

    /**
     * @return the statement of a schema script in this dialect, or {@code null} when it has no counterpart
     *         (Derby's database properties)
     */
    public abstract String ddl(String statement);

    /** @return an expression for the store's clock {@code seconds} from now (all nodes read one clock: the store's) */
    public abstract String secondsFromNow(long seconds);

    /** @return what makes a {@code SELECT} hold shared locks on its rows until the transaction ends */
    public abstract String sharedLock();

    /** @return an expression drawing the next number of a sequence */
    public abstract String nextValue(String sequence);

    /** Takes a store-wide lock that only one connection holds at a time (until {@link #unlockExclusively}). */
    public abstract void lockExclusively(Connection c, long key) throws SQLException;

    public abstract void unlockExclusively(Connection c, long key) throws SQLException;

    /**
     * Bounds how long the statements of the connection's open transaction wait for a lock; a wait that runs out fails
     * as a {@linkplain #isRetryable retryable} lock conflict. On PostgreSQL only: an embedded Derby belongs to one
     * process, whose waits its {@code derby.locks.waitTimeout} bounds.
     */
    public void limitLockWait(Connection c, Duration wait) throws SQLException {
    }

    /**
     * Ends a node's sessions that sit inside a transaction and have sent the server nothing for {@code quiet}: the
     * sessions of a node frozen mid-transaction (SIGSTOP, a paused VM), whose locks would otherwise stand until it
     * wakes. The server's idle-in-transaction timeout ({@link PostgresStore#IDLE_IN_TRANSACTION}) ends such a session
     * only when it stopped between two commands; one stopped halfway through a pipeline of statements (a batch, sent
     * before its closing {@code Sync}) it never ends. Call it only for a node that no longer holds what it locked (its
     * lease ran out): its transactions are rolled back. On PostgreSQL only (an embedded Derby has one process); a
     * store whose user may not end the node's sessions fails with SQLState {@code 42501}.
     *
     * @param node the node, as its sessions are named ({@link PostgresStore#sessionName})
     * @return how many sessions were ended
     */
    public int endStalledSessions(Connection c, String node, Duration quiet) throws SQLException {
        return 0;
    }

    /** @return the store's current time */
    public String now() {
        return "CURRENT_TIMESTAMP";
    }

    /** @return whether the failure was a lock conflict that a fresh attempt of the transaction may not meet */
    public static boolean isRetryable(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if (s.getSQLState() != null && RETRYABLE.contains(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the connection to the store was lost or could not be had (the server restarting) */
    public static boolean isConnectionLost(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLTransientConnectionException || c instanceof SQLNonTransientConnectionException
                    || c instanceof SQLRecoverableException) {
                return true;
            }
            if (c instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || CONNECTION_LOST.contains(s.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** @return whether a table exists, as an unquoted name is stored (upper case in Derby, lower in PostgreSQL) */
    public static boolean tableExists(Connection c, String schema, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        boolean lower = meta.storesLowerCaseIdentifiers();
        String t = lower ? table.toLowerCase(Locale.ROOT) : table.toUpperCase(Locale.ROOT);
        String s = schema == null ? null : lower ? schema.toLowerCase(Locale.ROOT) : schema.toUpperCase(Locale.ROOT);
        try (ResultSet rs = meta.getTables(null, s, t, null)) {
            return rs.next();
        }
    }
}
