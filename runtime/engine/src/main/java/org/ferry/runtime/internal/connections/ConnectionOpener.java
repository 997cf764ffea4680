package org.ferry.runtime.internal.connections;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.ferry.api.connector.ConfigField;
import org.ferry.api.connector.ConfigFieldType;
import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ConnectionContext;
import org.ferry.api.connector.ConnectorConfig;
import org.ferry.api.connector.ConnectorFactory;
import org.ferry.api.error.ConfigurationException;
import org.ferry.runtime.internal.connections.ConnectionStore.Stored;
import org.ferry.runtime.internal.plugins.ExtensionRegistry;
import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.internal.store.Folders;
import org.ferry.runtime.internal.store.Jdbc;
import org.ferry.runtime.management.NotFoundException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens stored connections for the rest of the engine (runs, the admin services): loads the stored
 * configuration, decrypts its secrets, applies the connector type's defaults and hands it to the
 * connector factory deployed right now. The decrypted configuration lives only for the call.
 */
@Component(service = ConnectionOpener.class)
public class ConnectionOpener {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionOpener.class);

    /** Framework property: allow plain http to loopback hosts (tests, local development). */
    public static final String ALLOW_INSECURE_LOOPBACK = "ferry.allowInsecureLoopback";
    /** Framework property: the sandbox emulators run in this server over plain http on loopback. */
    public static final String SANDBOX = "ferry.sandbox";
    /** Framework property: allow connections and webhooks to private network addresses (10/8, 192.168/16, …). */
    public static final String ALLOW_PRIVATE_NETWORKS = "ferry.egress.allowPrivateNetworks";

    private final Database database;
    private final ExtensionRegistry registry;
    private final Path connectionsDir;
    private final UrlPolicy urls;
    private final ConnectionStore store = new ConnectionStore();

    @Activate
    public ConnectionOpener(@Reference Database database, @Reference ExtensionRegistry registry,
                            BundleContext context) {
        this(database, registry, Path.of(require(context, "ferry.data")), new UrlPolicy(
                Boolean.parseBoolean(context.getProperty(ALLOW_INSECURE_LOOPBACK))
                        || Boolean.parseBoolean(context.getProperty(SANDBOX)),
                Boolean.parseBoolean(context.getProperty(ALLOW_PRIVATE_NETWORKS))));
    }

    public ConnectionOpener(Database database, ExtensionRegistry registry, Path dataDir, boolean allowInsecureLoopback) {
        this(database, registry, dataDir, new UrlPolicy(allowInsecureLoopback, false));
    }

    public ConnectionOpener(Database database, ExtensionRegistry registry, Path dataDir, UrlPolicy urls) {
        this.database = database;
        this.registry = registry;
        this.connectionsDir = dataDir.resolve("connections").toAbsolutePath();
        this.urls = urls;
    }

    /**
     * Opens a connection; the caller closes it.
     *
     * @throws NotFoundException      if there is no such connection
     * @throws ConfigurationException if its connector type is not deployed (field {@code type}), a secret
     *                                cannot be decrypted, or the connector refuses the configuration
     */
    public Connection open(String connectionId) {
        Stored stored = load(connectionId);
        ConnectorFactory factory = factory(stored.type());
        Map<String, String> values = new LinkedHashMap<>(stored.config());
        stored.secrets().forEach((field, sealed) -> values.put(field, unseal(field, sealed)));
        return open(factory, values, new Context(stored.id(), stored.name(), workDirectory(stored.id()),
                urls.allowInsecureLoopback()));
    }

    /**
     * Opens a configuration that is not stored (yet): "test before save". The caller closes it.
     *
     * @param values    the configuration as it would be stored, secrets in plain text
     * @param directory where the connector may keep files while it is open
     */
    Connection openDraft(ConnectorFactory factory, String name, Map<String, String> values, Path directory) {
        return open(factory, new LinkedHashMap<>(values), new Context("draft", name, directory, urls.allowInsecureLoopback()));
    }

    private Connection open(ConnectorFactory factory, Map<String, String> values, Context context) {
        for (ConfigField f : factory.configFields()) {
            String v = values.get(f.name());
            if ((v == null || v.isBlank()) && f.defaultValue() != null) {
                values.put(f.name(), f.defaultValue());
            }
            if (f.type() == ConfigFieldType.URL && values.get(f.name()) != null) {
                // judged again at every use: the policy may have tightened since, and a name may resolve elsewhere now
                String url = values.get(f.name());
                urls.checkUrl(url).or(() -> urls.checkResolved(url)).ifPresent(problem -> {
                    throw new ConfigurationException("config." + f.name(), problem);
                });
            }
        }
        return factory.open(ConnectorConfig.of(values), context);
    }

    /** @return the connector type id of a stored connection, whether or not it is deployed */
    public String connectorType(String connectionId) {
        return load(connectionId).type();
    }

    /** @return whether plain http to loopback hosts is allowed in this server */
    public boolean allowInsecureLoopback() {
        return urls.allowInsecureLoopback();
    }

    /** @return the server's egress policy, for every URL it will call (connections, webhooks) */
    public UrlPolicy urlPolicy() {
        return urls;
    }

    /** @return the folder a connection's connector may keep files in ({@code <data>/connections/<id>}) */
    public Path workDirectory(String connectionId) {
        return connectionsDir.resolve(connectionId);
    }

    /** Removes a connection's work folder (the connection is gone, or a test of a draft is over). */
    void removeWorkDirectory(Path directory) {
        try {
            Folders.deleteTree(directory);
        } catch (IOException e) {
            LOG.warn("The work folder {} could not be removed: {}", directory, e.toString());
        }
    }

    /** @return the deployed factory of a connector type */
    ConnectorFactory factory(String type) {
        return registry.connectorFactory(type)
                .orElseThrow(() -> new ConfigurationException("type", notDeployed(type)));
    }

    static String notDeployed(String type) {
        return "connector type '" + type + "' is not deployed";
    }

    /** Opens a sealed secret, turning a wrong key into a problem the admin can act on. */
    String unseal(String field, String sealed) {
        try {
            return database.secrets().open(sealed);
        } catch (IllegalStateException e) {
            throw new ConfigurationException("config." + field, "the stored secret cannot be decrypted: the server's"
                    + " secret key (FERRY_SECRET_KEY or conf/secret.key) is not the one it was stored with;"
                    + " restore that key or enter the secret again");
        }
    }

    private Stored load(String connectionId) {
        return Jdbc.read(database, c -> store.find(c, connectionId))
                .orElseThrow(() -> new NotFoundException("connection '" + connectionId + "'"));
    }

    private static String require(BundleContext context, String property) {
        String value = context.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("framework property " + property + " is not set");
        }
        return value;
    }

    /** What the connector is told about the connection it opens. */
    private record Context(String connectionId, String connectionName, Path directory, boolean allowInsecureLoopback)
            implements ConnectionContext {
        @Override
        public Path workDirectory() {
            // created on demand: most connectors never keep files
            try {
                return Files.createDirectories(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the work folder of connection " + connectionId, e);
            }
        }
    }
}
