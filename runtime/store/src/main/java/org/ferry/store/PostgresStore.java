package org.ferry.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;


/**
 * Connections to a PostgreSQL store, pooled ({@link Pools}). A pool, because the engine opens a connection for each
 * unit of work (a TCP connection and an authentication with a server), and HikariCP, because it is
 * a well-kept bundle that also rides out a server restart: a borrower waits up to {@link #WAIT} for a connection
 * while the server is down, and connections that died with the old server are tested and replaced, never handed
 * out again.
 */
public final class PostgresStore {
    /** How long a borrower waits for a connection: a restart of the server takes seconds. */
    public static final Duration WAIT = Pools.WAIT;
    /** How long a session may sit in an open transaction without a statement before the server ends it. */
    public static final Duration IDLE_IN_TRANSACTION = Duration.ofSeconds(10);

    /** What every session of a node on the server is called, before what it serves and the node's id. */
    private static final String SESSION_PREFIX = "ferry ";
    /** SQL matching {@code pg_stat_activity}'s sessions of one node: {@link #sessionsOfNode} sets its parameters. */
    static final String SESSIONS_OF_NODE = "left(application_name, " + SESSION_PREFIX.length() + ") = '"
            + SESSION_PREFIX + "' AND right(application_name, ?) = ?";

    private PostgresStore() {
    }

    /**
     * @return what a node's sessions are called on the server ({@code pg_stat_activity.application_name}), so that
     *         an operator sees whose they are and another node can end them when this one froze
     *         ({@link Dialect#endStalledSessions})
     */
    public static String sessionName(String node) {
        return SESSION_PREFIX + node;
    }

    /** @return what the node's sessions for one purpose are called (the CDS hub's: {@code "hub"}) */
    public static String sessionName(String purpose, String node) {
        return SESSION_PREFIX + purpose + " " + node;
    }

    /** Sets {@link #SESSIONS_OF_NODE}'s parameters from {@code index}; @return the next parameter's index */
    static int sessionsOfNode(PreparedStatement ps, int index, String node) throws SQLException {
        ps.setInt(index, node.length() + 1);
        ps.setString(index + 1, " " + node);
        return index + 2;
    }

    /**
     * @param settings    the server
     * @param database    the database on it
     * @param application what PostgreSQL shows as the client ({@code pg_stat_activity.application_name}): the node
     * @param maxSize     the most connections the pool opens
     * @return the pool; closing it closes its connections
     * @throws IllegalStateException naming the server (never the password) when it cannot be reached
     */
    public static PooledDataSource pool(StoreSettings settings, String database, String application, int maxSize) {
        try {
            return Pools.of(driver(settings, database, application), "ferry-" + database, maxSize);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect to " + settings.withDatabase(database).describe() + ": "
                    + rootMessage(e), e);
        }
    }

    /** Creates the database on the store's server unless it exists; several nodes may race to create it. */
    public static void createDatabase(StoreSettings settings, String database) throws SQLException {
        DataSource admin = driver(settings, settings.database(), "ferry");
        try (Connection c = admin.getConnection()) {
            if (exists(c, database)) {
                return;
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE \"" + database.replace("\"", "") + "\"");
            } catch (SQLException e) {
                // 42P04: created meanwhile by another node; 23505: the same race seen in the catalogue's index
                if (!"42P04".equals(e.getSQLState()) && !"23505".equals(e.getSQLState()) || !exists(c, database)) {
                    throw e;
                }
            }
        }
    }

    private static boolean exists(Connection c, String database) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The driver's own DataSource, configured field by field (see {@link StoreSettings} on why never by URL). */
    private static PGSimpleDataSource driver(StoreSettings settings, String database, String application) {
        if (settings.dialect() != Dialect.POSTGRESQL) {
            throw new IllegalArgumentException("not a PostgreSQL store: " + settings.describe());
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {settings.host()});
        ds.setPortNumbers(new int[] {settings.port()});
        ds.setDatabaseName(database);
        ds.setUser(settings.user());
        if (settings.password() != null) {
            ds.setPassword(settings.password());
        }
        if (settings.sslMode() != null) {
            ds.setSslMode(settings.sslMode());
        }
        ds.setApplicationName(application);
        // A node frozen in a transaction (SIGSTOP, a long GC pause) holds its locks until it wakes; the server ends
        // such a session after this long, so a takeover is never blocked by a stale node's locks past its lease
        // (15 s), and the stale node, waking, finds its transaction gone instead of committing it.
        ds.setOptions("-c idle_in_transaction_session_timeout=" + IDLE_IN_TRANSACTION.toMillis());
        ds.setConnectTimeout(10);
        ds.setTcpKeepAlive(true);
        // one multi-row INSERT per batch instead of a round trip per row: the hash and error stores write batches
        ds.setReWriteBatchedInserts(true);
        return ds;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
