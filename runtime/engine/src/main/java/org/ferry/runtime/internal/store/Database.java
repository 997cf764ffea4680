package org.ferry.runtime.internal.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ferry's own database: embedded Derby in {@code <data>/db}, migrated to the current schema on start,
 * shut down cleanly on stop (so the next start needs no recovery), and the secret box whose key lives
 * outside it. In the server it is made and registered as a service by {@link StoreStarter}, off the framework's
 * start-level thread.
 */
public class Database {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final Path location;
    private final EmbeddedDataSource dataSource;
    private final SecretBox secrets;

    public Database(Path dataDir, Path confDir) throws Exception {
        this.location = dataDir.resolve("db").toAbsolutePath();
        Files.createDirectories(dataDir);
        // Derby writes derby.log to its system home; keep it with the logs, not in the working directory.
        if (System.getProperty("derby.stream.error.file") == null) {
            Files.createDirectories(dataDir.resolve("logs"));
            System.setProperty("derby.stream.error.file", dataDir.resolve("logs").resolve("derby.log").toString());
        }
        if (EmptyStore.unpack(location)) {
            LOG.info("Store at {} made from the empty store shipped with the engine", location);
        }
        this.dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName(location.toString());
        dataSource.setCreateDatabase("create");
        try (Connection c = dataSource.getConnection()) {
            int applied = Migrations.apply(c);
            if (applied > 0) {
                LOG.info("Database at {} migrated ({} script(s) applied)", location, applied);
            }
        }
        this.secrets = SecretBox.load(System.getenv(SecretBox.KEY_ENV), confDir.resolve("secret.key"));
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

    public void close() {
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
}
