package org.ferry.connectors.cds.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.ferry.api.connector.ConfigField;
import org.ferry.api.connector.ConfigFieldType;
import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ConnectionContext;
import org.ferry.api.connector.ConnectorConfig;
import org.ferry.api.connector.ConnectorFactory;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.ConnectorException;
import org.ferry.api.error.FieldProblem;
import org.ferry.connectors.cds.internal.store.Environment;
import org.ferry.connectors.cds.internal.store.Sql;
import org.ferry.store.PostgresStore;
import org.ferry.store.StoreSettings;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The {@code cds} connector type: the embedded Common Data Service hub. Each environment is a Derby database
 * under {@code <ferry.data>/cds/<environment>}, or with a PostgreSQL store ({@code ferry.store.url}) a database of
 * its own on the store's server, which every node of the cluster shares; every connection to an environment shares its one open
 * database, which is shut down when this component goes away. Environment names are compared regardless of
 * case and stored lower-case, so {@code Demo} and {@code demo} never boot one database twice.
 */
@Component(service = ConnectorFactory.class, property = ConnectorFactory.TYPE + "=cds")
public final class CdsConnectorFactory implements ConnectorFactory {
    static final String TYPE = "cds";
    static final String ENVIRONMENT = "environment";
    static final String ORGANIZATIONS = "organizations";
    static final String DATA_PROPERTY = "ferry.data";

    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int MAX_ORGANIZATION_ID = 20;

    private final Map<String, Environment> environments = new HashMap<>();
    private volatile Path root;
    /** With a PostgreSQL store, each environment is a database on its server; with Derby, files under root. */
    private volatile StoreSettings store = StoreSettings.DERBY;
    private volatile String node = "ferry";
    private boolean active = true;

    /** For Declarative Services; {@link #activate} sets the data directory. */
    public CdsConnectorFactory() {
    }

    /** For use outside a framework (tests, tools). */
    public CdsConnectorFactory(Path dataDirectory) {
        this.root = dataDirectory.resolve(TYPE);
    }

    /** For use outside a framework, on a PostgreSQL store (tests, tools). */
    public CdsConnectorFactory(Path dataDirectory, StoreSettings store) {
        this(dataDirectory);
        this.store = store;
    }

    @Activate
    void activate(BundleContext context) {
        String data = context.getProperty(DATA_PROPERTY);
        root = data == null || data.isBlank() ? null : Path.of(data.trim()).resolve(TYPE);
        store = StoreSettings.parse(context.getProperty(StoreSettings.URL_PROPERTY), System::getenv);
        node = PostgresStore.sessionName("hub", org.ferry.store.NodeIdentity.name(context::getProperty));
    }

    /** Closes every environment's database; public for tests and benchmarks that run the factory without DS. */
    @Deactivate
    public synchronized void deactivate() {
        active = false;
        environments.values().forEach(Environment::close);
        environments.clear();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String displayName() {
        return "Common Data Service (embedded hub)";
    }

    @Override
    public String description() {
        return "The Common Data Service entities (Organization, Account, Contact, Product, quotations, sales orders, "
                + "invoices) in an embedded database that integration projects write through.";
    }

    @Override
    public List<ConfigField> configFields() {
        return List.of(
                ConfigField.required(ENVIRONMENT, "Environment", ConfigFieldType.TEXT,
                        "The environment's name: letters, digits, '-' and '_'. Each environment is its own database."),
                ConfigField.optional(ORGANIZATIONS, "Organizations to create", ConfigFieldType.TEXT, null,
                        "Organization ids created when missing as the connection opens, comma-separated (ORG001)."));
    }

    @Override
    public List<FieldProblem> validate(ConnectorConfig config) {
        List<FieldProblem> problems = new ArrayList<>();
        String env = config.get(ENVIRONMENT).orElse(null);
        if (env == null) {
            problems.add(new FieldProblem(ENVIRONMENT, "is required"));
        } else if (!ENVIRONMENT_NAME.matcher(env.trim()).matches()) {
            problems.add(new FieldProblem(ENVIRONMENT, "must be 1 to 64 letters, digits, '-' or '_'"));
        }
        try {
            organizations(config);
        } catch (ConfigurationException e) {
            problems.addAll(e.problems());
        }
        return problems;
    }

    @Override
    public Connection open(ConnectorConfig config, ConnectionContext context) {
        List<FieldProblem> problems = validate(config);
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        if (root == null) {
            throw new ConfigurationException(null, "the framework property '" + DATA_PROPERTY + "' is not set, so the "
                    + "CDS hub has no directory for its environments; start Ferry with a data directory");
        }
        return new CdsConnection(this, config.require(ENVIRONMENT).trim(), organizations(config));
    }

    /** @return the open environment, opening and migrating its database on first use */
    synchronized Environment environment(String name) {
        if (!active) {
            throw new ConnectorException("the CDS connector is stopping");
        }
        String id = name.toLowerCase(Locale.ROOT);
        Environment env = environments.get(id);
        if (env == null) {
            Path dir = root.resolve(id);
            try {
                if (store.shared()) {
                    env = Environment.open(name, store, node);
                } else {
                    Files.createDirectories(root);
                    env = Environment.open(name, dir);
                }
            } catch (IOException e) {
                throw new ConnectorException("Cannot create the directory for CDS environment '" + name + "' at "
                        + root + ": " + e.getMessage(), e);
            } catch (SQLException | IllegalStateException e) {
                throw new ConnectorException("Cannot open CDS environment '" + name + "' at "
                        + (store.shared() ? store.describe() : dir) + ": "
                        + (e instanceof SQLException s ? Sql.message(s) : e.getMessage()), e);
            }
            environments.put(id, env);
        }
        return env;
    }

    private static List<String> organizations(ConnectorConfig config) {
        Set<String> ids = new LinkedHashSet<>();
        String list = config.get(ORGANIZATIONS).orElse("");
        for (String part : list.split(",")) {
            String id = part.trim();
            if (id.isEmpty()) {
                continue;
            }
            if (id.length() > MAX_ORGANIZATION_ID || id.chars().anyMatch(ch -> Character.isISOControl(ch))) {
                throw new ConfigurationException(ORGANIZATIONS, "'" + id + "' is not an organization id: at most "
                        + MAX_ORGANIZATION_ID + " characters, no control characters");
            }
            ids.add(id);
        }
        return List.copyOf(ids);
    }
}
