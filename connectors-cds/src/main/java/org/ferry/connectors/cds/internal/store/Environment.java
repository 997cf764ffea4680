package org.ferry.connectors.cds.internal.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.ConnectorException;
import org.ferry.connectors.cds.internal.schema.Catalogue;
import org.ferry.connectors.cds.internal.schema.CustomEntityRules;
import org.ferry.connectors.cds.internal.schema.EntityDefinition;
import org.ferry.store.DerbyPageCache;
import org.ferry.store.Dialect;
import org.ferry.store.PooledDataSource;
import org.ferry.store.PostgresStore;
import org.ferry.store.StoreSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One CDS environment: a Derby database under {@code <data>/cds/<name>}, or with a PostgreSQL store a database of
 * its own on the store's server ({@code <store database>_cds_<name>}) that every node of the cluster shares; shared
 * by every connection to it.
 *
 * <p><b>Change marks.</b> Every write draws numbers from one environment-wide sequence. A reader's
 * checkpoint must be a number below which every change is committed, or a slow transaction holding a
 * smaller number could commit after the reader passed it and be missed for good. Writers therefore hold
 * {@link #changeLock} shared from their first drawn number to their commit, and {@link #stableChangeMark()}
 * takes it exclusively for the instant it peeks at the sequence. An embedded database belongs to one JVM,
 * so this lock sees every writer. On PostgreSQL the writers are on every node: there the same lock is also taken
 * in the database ({@code pg_advisory_xact_lock_shared} by writers, the exclusive one by the peek).
 */
public final class Environment implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Environment.class);

    /** The advisory lock of the change marks, in the environment's own database. */
    private static final long CHANGE_LOCK = 0x636473L;

    private final String name;
    private final Path directory;
    private final Dialect dialect;
    private final ConnectionPool pool;
    private final ReentrantReadWriteLock changeLock = new ReentrantReadWriteLock(true);
    private final Set<String> entitiesWithTombstones = ConcurrentHashMap.newKeySet();
    /** Per entity: rows added since its last ANALYZE, and rows it had then (PostgreSQL; see {@link #inserted}). */
    private final java.util.Map<String, long[]> growth = new ConcurrentHashMap<>();
    /** Per table: the keys it may hold (embedded environments only; see {@link KeyFilter}). */
    private final java.util.Map<String, KeyFilter> keyFilters = new ConcurrentHashMap<>();
    private volatile Catalogue catalogue;
    private volatile ValueCodec codec;
    private final String instanceId;

    private Environment(String name, Path directory, Dialect dialect, ConnectionPool pool, Catalogue catalogue,
                        String instanceId) {
        this.dialect = dialect;
        this.name = name;
        this.directory = directory;
        this.pool = pool;
        this.instanceId = instanceId;
        setCatalogue(catalogue);
    }

    /** Opens (creating if needed) and migrates the environment's Derby database. */
    public static Environment open(String name, Path directory) throws SQLException {
        DerbyPageCache.sizeToHeap();
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(directory.toAbsolutePath().toString());
        ds.setCreateDatabase("create");
        return open(name, directory, Dialect.DERBY, new ConnectionPool(ds, true));
    }

    /**
     * Opens (creating if needed) and migrates the environment's database on a PostgreSQL server; several nodes may
     * open it at once.
     */
    public static Environment open(String name, StoreSettings store, String application) throws SQLException {
        String database = databaseName(store.database(), name);
        PostgresStore.createDatabase(store, database);
        PooledDataSource ds = PostgresStore.pool(store, database, application, POSTGRES_POOL);
        return open(name, null, Dialect.POSTGRESQL, new ConnectionPool(ds, false));
    }

    /** Connections one node keeps to an environment's PostgreSQL database. */
    static final int POSTGRES_POOL = 8;

    /**
     * @return the database of an environment: the store's name, {@code _cds_} and the environment's (lower case);
     *         PostgreSQL's names hold 63 bytes, so a longer one ends with a digest of the whole instead
     */
    static String databaseName(String storeDatabase, String environment) {
        String full = storeDatabase + "_cds_" + environment.toLowerCase(java.util.Locale.ROOT);
        if (full.length() <= 63) {
            return full;
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(full.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8));
            return full.substring(0, 50) + "_" + java.util.HexFormat.of().formatHex(digest, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Environment open(String name, Path directory, Dialect dialect, ConnectionPool pool)
            throws SQLException {
        Connection c = pool.borrow();
        boolean healthy = false;
        try {
            Catalogue builtIn = Catalogue.builtIn();
            int from = SchemaMigrations.migrate(c, builtIn, dialect);
            Catalogue catalogue = CustomEntityStore.load(c, builtIn);
            String instance;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT INSTANCE_ID FROM CDS.ENVIRONMENT")) {
                rs.next();
                instance = rs.getString(1);
            }
            Environment env = new Environment(name, directory, dialect, pool, catalogue, instance);
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT DISTINCT ENTITY FROM CDS.DELETED")) {
                while (rs.next()) {
                    env.entitiesWithTombstones.add(rs.getString(1));
                }
            }
            healthy = true;
            LOG.info("CDS environment '{}' open at {} (schema version {} -> {})", name,
                    directory != null ? directory : "its PostgreSQL database", from, SchemaMigrations.CURRENT);
            return env;
        } finally {
            pool.release(c, healthy);
            if (!healthy) {
                pool.close();
                if (directory != null) {
                    shutdown(directory);
                }
            }
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    public String name() {
        return name;
    }

    public Path directory() {
        return directory;
    }

    /** @return an id made when the database was created, so checkpoints of another database are recognised */
    public String instanceId() {
        return instanceId;
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    public ValueCodec codec() {
        return codec;
    }

    private void setCatalogue(Catalogue c) {
        catalogue = c;
        codec = new ValueCodec(c);
    }

    /** Runs work in one transaction: committed if it returns, rolled back if it throws. */
    public <T> T transaction(Sql.Work<T> work) throws SQLException {
        Connection c = pool.borrow();
        boolean healthy = true;
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException rollback) {
                healthy = false;
            }
            throw e;
        } finally {
            pool.release(c, healthy);
        }
    }

    /** Runs a transaction that draws change numbers; see the class comment. */
    public <T> T changing(Sql.Work<T> work) throws SQLException {
        changeLock.readLock().lock();
        try {
            if (dialect == Dialect.DERBY) {
                return transaction(work);
            }
            return transaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_xact_lock_shared(" + CHANGE_LOCK + ")");
                }
                return work.run(c);
            });
        } finally {
            changeLock.readLock().unlock();
        }
    }

    /** @return a change number such that every change numbered up to it is committed */
    public long stableChangeMark() throws SQLException {
        changeLock.writeLock().lock();
        try {
            return transaction(c -> {
                if (dialect == Dialect.DERBY) {
                    try (Statement s = c.createStatement();
                         ResultSet rs = s.executeQuery("VALUES SYSCS_UTIL.SYSCS_PEEK_AT_SEQUENCE('CDS', 'CHANGE_SEQ')")) {
                        rs.next();
                        return rs.getLong(1) - 1;
                    }
                }
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_xact_lock(" + CHANGE_LOCK + ")");
                    try (ResultSet rs = s.executeQuery("SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END"
                            + " FROM CDS.CHANGE_SEQ")) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }
            });
        } finally {
            changeLock.writeLock().unlock();
        }
    }

    /**
     * Notes the rows a write added. PostgreSQL plans queries from statistics that ANALYZE gathers, and autovacuum
     * gathers them about once a minute at best: a table filled from empty by a first run kept the statistics of an
     * empty table, so the batch look-up by key scanned the organization's every row and a leg's cost grew with the
     * square of its size (160 ms per batch at 20,000 rows). So each time a table has grown by as much again as it
     * held at its last ANALYZE (and by 1,000 rows at least), it is analysed: a few times per run, cheap while small.
     */
    public void inserted(EntityDefinition def, List<org.ferry.api.connector.WriteOutcome> outcomes) {
        if (dialect == Dialect.DERBY) {
            return;
        }
        long added = outcomes.stream().filter(o -> o.status() == org.ferry.api.connector.WriteOutcome.Status.INSERTED).count();
        if (added == 0) {
            return;
        }
        long[] g = growth.computeIfAbsent(def.name(), k -> new long[2]);
        synchronized (g) {
            g[0] += added;
            if (g[0] < Math.max(1000, g[1])) {
                return;
            }
            g[1] += g[0];
            g[0] = 0;
        }
        try {
            transaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("ANALYZE " + def.table());
                }
                return null;
            });
        } catch (SQLException e) {
            LOG.debug("ANALYZE of {} failed: {}", def.table(), e.getMessage());
        }
    }

    /**
     * @return the filter of the keys the entity's table may hold, shared by every writer of this environment, or
     *         {@code null} where other processes write the table too (PostgreSQL)
     */
    public KeyFilter keyFilter(EntityDefinition def) {
        if (dialect != Dialect.DERBY) {
            return null;
        }
        String organization = def.scoped() ? EntityDefinition.column(def.organizationField()) : null;
        // a table whose definition gained or lost its organization field starts a filter anew (built by a later batch)
        return keyFilters.compute(def.table(), (table, filter) -> filter != null
                && Objects.equals(filter.organizationColumn(), organization) ? filter
                : new KeyFilter(table, organization));
    }

    /** @return whether deletions were ever recorded for the entity (inserts then clear stale tombstones) */
    public boolean hasTombstones(String entity) {
        return entitiesWithTombstones.contains(entity);
    }

    public void tombstonesRecorded(String entity) {
        entitiesWithTombstones.add(entity);
    }

    /** @return the organization ids, sorted */
    public List<String> organizations() throws SQLException {
        EntityDefinition org = catalogue.organization();
        return transaction(c -> {
            List<String> ids = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT \"_key\" FROM " + org.table() + " ORDER BY \"_key\"")) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        });
    }

    /** @return whether the organization exists, using the caller's transaction */
    public boolean organizationExists(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + catalogue.organization().table()
                + " WHERE \"_key\" = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Creates a custom entity.
     *
     * @throws org.ferry.api.error.ConfigurationException if the schema is not acceptable
     */
    public synchronized EntityDefinition createEntity(EntitySchema offered) {
        Catalogue current = catalogue;
        EntitySchema schema = CustomEntityRules.complete(offered, current);
        EntityDefinition def;
        try {
            def = EntityDefinition.of(schema, true, current::get);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("schema", e.getMessage());
        }
        try {
            transaction(c -> {
                CustomEntityStore.create(c, dialect, def);
                return null;
            });
        } catch (SQLException e) {
            throw new ConnectorException("Creating entity '" + schema.name() + "' in CDS environment '" + name
                    + "' failed: " + Sql.message(e), e);
        }
        setCatalogue(current.with(def));
        return def;
    }

    @Override
    public void close() {
        changeLock.writeLock().lock();
        try {
            pool.close();
            if (directory != null) {
                shutdown(directory);
            }
            LOG.info("CDS environment '{}' closed", name);
        } finally {
            changeLock.writeLock().unlock();
        }
    }

    private static void shutdown(Path directory) {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(directory.toAbsolutePath().toString());
        ds.setShutdownDatabase("shutdown");
        try {
            ds.getConnection().close();
        } catch (SQLException e) {
            // Derby reports a clean database shutdown as SQLState 08006; anything else is worth a line.
            if (!"08006".equals(e.getSQLState())) {
                LOG.warn("Shutting down the CDS database at {} failed: {}", directory, e.getMessage());
            }
        }
    }
}
