package org.ferry.connectors.cds.internal.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One CDS environment: a Derby database under {@code <data>/cds/<name>}, shared by every connection to it.
 *
 * <p><b>Change marks.</b> Every write draws numbers from one environment-wide sequence. A reader's
 * checkpoint must be a number below which every change is committed, or a slow transaction holding a
 * smaller number could commit after the reader passed it and be missed for good. Writers therefore hold
 * {@link #changeLock} shared from their first drawn number to their commit, and {@link #stableChangeMark()}
 * takes it exclusively for the instant it peeks at the sequence. An embedded database belongs to one JVM,
 * so this lock sees every writer.
 */
public final class Environment implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Environment.class);

    private final String name;
    private final Path directory;
    private final ConnectionPool pool;
    private final ReentrantReadWriteLock changeLock = new ReentrantReadWriteLock(true);
    private final Set<String> entitiesWithTombstones = ConcurrentHashMap.newKeySet();
    private volatile Catalogue catalogue;
    private volatile ValueCodec codec;
    private final String instanceId;

    private Environment(String name, Path directory, ConnectionPool pool, Catalogue catalogue, String instanceId) {
        this.name = name;
        this.directory = directory;
        this.pool = pool;
        this.instanceId = instanceId;
        setCatalogue(catalogue);
    }

    /** Opens (creating if needed) and migrates the environment's database. */
    public static Environment open(String name, Path directory) throws SQLException {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(directory.toAbsolutePath().toString());
        ds.setCreateDatabase("create");
        ConnectionPool pool = new ConnectionPool(ds);
        Connection c = pool.borrow();
        boolean healthy = false;
        try {
            Catalogue builtIn = Catalogue.builtIn();
            int from = SchemaMigrations.migrate(c, builtIn);
            Catalogue catalogue = CustomEntityStore.load(c, builtIn);
            String instance;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT INSTANCE_ID FROM CDS.ENVIRONMENT")) {
                rs.next();
                instance = rs.getString(1);
            }
            Environment env = new Environment(name, directory, pool, catalogue, instance);
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT DISTINCT ENTITY FROM CDS.DELETED")) {
                while (rs.next()) {
                    env.entitiesWithTombstones.add(rs.getString(1));
                }
            }
            healthy = true;
            LOG.info("CDS environment '{}' open at {} (schema version {} -> {})", name, directory, from,
                    SchemaMigrations.CURRENT);
            return env;
        } finally {
            pool.release(c, healthy);
            if (!healthy) {
                pool.close();
                shutdown(directory);
            }
        }
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
            return transaction(work);
        } finally {
            changeLock.readLock().unlock();
        }
    }

    /** @return a change number such that every change numbered up to it is committed */
    public long stableChangeMark() throws SQLException {
        changeLock.writeLock().lock();
        try {
            return transaction(c -> {
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("VALUES SYSCS_UTIL.SYSCS_PEEK_AT_SEQUENCE('CDS', 'CHANGE_SEQ')")) {
                    rs.next();
                    return rs.getLong(1) - 1;
                }
            });
        } finally {
            changeLock.writeLock().unlock();
        }
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
                CustomEntityStore.create(c, def);
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
            shutdown(directory);
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
