package org.ferry.runtime.internal.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.ferry.store.Dialect;
import org.ferry.store.PooledDataSource;
import org.ferry.store.PostgresStore;
import org.ferry.store.StoreSettings;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ferry's own database: embedded Derby in {@code <data>/db} (the default, one machine), or a PostgreSQL server that
 * the nodes of a cluster share ({@code ferry.store.url}); migrated to the current schema on start, shut down cleanly
 * on stop (so the next start needs no recovery), and the secret box whose key lives outside it.
 */
@Component(service = Database.class)
public class Database {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /** Connections one node keeps to a PostgreSQL store: its runs' threads and API requests share them. */
    static final int POOL_SIZE = 20;

    private final Path location;
    private final StoreSettings settings;
    private final DataSource dataSource;
    private final SecretBox secrets;

    @Activate
    public Database(BundleContext context) throws Exception {
        this(Path.of(require(context, "ferry.data")), Path.of(require(context, "ferry.conf")),
                StoreSettings.parse(context.getProperty(StoreSettings.URL_PROPERTY), System::getenv),
                "ferry " + String.valueOf(context.getProperty("ferry.node")));
    }

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
            EmbeddedDataSource derby = new EmbeddedDataSource();
            derby.setDatabaseName(location.toString());
            derby.setCreateDatabase("create");
            this.dataSource = derby;
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

    /** @return whether other nodes may share this store (a cluster), or it belongs to this process alone */
    public boolean shared() {
        return settings.shared();
    }

    public StoreSettings settings() {
        return settings;
    }

    @Deactivate
    public void close() {
        if (dataSource instanceof PooledDataSource pool) {
            pool.close();
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

    private String where() {
        return location != null ? location.toString() : settings.describe();
    }

    private static String require(BundleContext context, String property) {
        String value = context.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("framework property " + property + " is not set");
        }
        return value;
    }
}
