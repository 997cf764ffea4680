package org.ferry.runtime.internal.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.ferry.store.DerbyPageCache;
import org.ferry.store.Dialect;
import org.ferry.store.PooledDataSource;
import org.ferry.store.Pools;
import org.ferry.store.PostgresStore;
import org.ferry.store.StoreSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ferry's own database: embedded Derby in {@code <data>/db} (the default, one machine), or a PostgreSQL server that
 * the nodes of a cluster share ({@code ferry.store.url}); migrated to the current schema on start, shut down cleanly
 * on stop (so the next start needs no recovery), and the secret box whose key lives outside it. In the server it is
 * made and registered as a service by {@link StoreStarter}, off the framework's start-level thread.
 */
public class Database {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /** Connections one node keeps to a PostgreSQL store: its runs' threads and API requests share them. */
    static final int POOL_SIZE = 20;

    private final Path location;
    private final Map<String, RememberedReads> remembered = new ConcurrentHashMap<>();
    private final StoreSettings settings;
    private final DataSource dataSource;
    private final SecretBox secrets;

    public Database(Path dataDir, Path confDir) throws Exception {
        this(dataDir, confDir, StoreSettings.DERBY, "ferry");
    }

    /**
     * @param application how the node names itself to a PostgreSQL server (its sessions' application name)
     */
    public Database(Path dataDir, Path confDir, StoreSettings settings, String application) throws Exception {
        this.settings = settings;
        this.secrets = SecretBox.load(System.getenv(SecretBox.KEY_ENV), confDir.resolve("secret.key"));
        Files.createDirectories(dataDir);
        if (settings.dialect() == Dialect.DERBY) {
            this.location = dataDir.resolve("db").toAbsolutePath();
            // Derby writes derby.log to its system home; keep it with the logs, not in the working directory.
            if (System.getProperty("derby.stream.error.file") == null) {
                Files.createDirectories(dataDir.resolve("logs"));
                System.setProperty("derby.stream.error.file", dataDir.resolve("logs").resolve("derby.log").toString());
            }
            DerbyPageCache.sizeToHeap();
            if (EmptyStore.unpack(location)) {
                LOG.info("Store at {} made from the empty store shipped with the engine", location);
            }
            EmbeddedDataSource derby = new EmbeddedDataSource();
            derby.setDatabaseName(location.toString());
            derby.setCreateDatabase("create");
            this.dataSource = Pools.of(derby, "ferry-store", POOL_SIZE);
        } else {
            this.location = null;
            this.dataSource = PostgresStore.pool(settings, settings.database(), application, POOL_SIZE);
        }
        try (Connection c = dataSource.getConnection()) {
            int applied = Migrations.apply(c, settings.dialect());
            if (applied > 0) {
                LOG.info("Store ({}) migrated ({} script(s) applied)", where(), applied);
            }
            StoreKey.check(c, secrets);
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    public SecretBox secrets() {
        return secrets;
    }

    public Dialect dialect() {
        return settings.dialect();
    }

    /** @return the remembered reads of a table, one instance per table for every store class that reads or writes it */
    public RememberedReads remembered(String table) {
        return remembered.computeIfAbsent(table, t -> new RememberedReads(!shared()));
    }

    /** @return whether other nodes may share this store (a cluster), or it belongs to this process alone */
    public boolean shared() {
        return settings.shared();
    }

    public StoreSettings settings() {
        return settings;
    }

    public void close() {
        if (dataSource instanceof PooledDataSource pool) {
            pool.close();
        }
        if (location == null) {
            return;
        }
        EmbeddedDataSource shutdown = new EmbeddedDataSource();
        shutdown.setDatabaseName(location.toString());
        shutdown.setShutdownDatabase("shutdown");
        try (Connection ignored = shutdown.getConnection()) {
            // Derby reports a successful shutdown as an exception; reaching here means it did not stop
        } catch (SQLException e) {
            if (!"08006".equals(e.getSQLState())) {
                LOG.warn("Database at {} did not shut down cleanly: {}", location, e.getMessage());
            }
        }
    }

    /** @return where the store is: its folder, or the PostgreSQL server and database (never a password) */
    public String where() {
        return location != null ? location.toString() : settings.describe();
    }
}
