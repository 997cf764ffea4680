package org.ferry.templates.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ConnectionContext;
import org.ferry.api.connector.ConnectorConfig;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.template.LegTemplate;
import org.ferry.api.transform.Transform;
import org.ferry.connectors.cds.internal.CdsConnectorFactory;
import org.ferry.connectors.operations.internal.OperationsConnectorFactory;
import org.ferry.connectors.sales.internal.SalesConnectorFactory;
import org.ferry.runtime.testing.LegProbe;
import org.ferry.testing.SandboxServer;
import org.ferry.transforms.internal.country.CountryRegionCodeTransform;
import org.ferry.transforms.internal.mapping.ConstantTransform;
import org.ferry.transforms.internal.mapping.DefaultTransform;
import org.ferry.transforms.internal.mapping.TruncateTransform;
import org.ferry.transforms.internal.mapping.ValueMapTransform;

/**
 * The three systems the templates connect, for real: the sandbox's Sales and F&amp;O emulators over HTTP
 * through the real connectors, and the CDS hub on Derby in a temporary directory. Schemas are described
 * once per entity, as a run describes them; transforms are the built-in ones.
 */
final class LiveSystems implements AutoCloseable {
    static final String ORGANIZATION = "ORG001";

    private static final ConnectionContext LOOPBACK = new ConnectionContext() {
        @Override
        public String connectionId() {
            return "templates-test";
        }

        @Override
        public String connectionName() {
            return "templates test";
        }

        @Override
        public Path workDirectory() {
            return Path.of("target", "work");
        }

        @Override
        public boolean allowInsecureLoopback() {
            return true;
        }
    };

    private static final Map<String, Transform> TRANSFORMS = Map.of(
            "Default", new DefaultTransform(),
            "Constant", new ConstantTransform(),
            "Truncate", new TruncateTransform(),
            "ValueMap", new ValueMapTransform(),
            "CountryRegionCode", new CountryRegionCodeTransform());

    private final SandboxServer sandbox;
    private final Map<String, Connection> connections = new HashMap<>();
    private final Map<String, EntitySchema> schemas = new HashMap<>();
    private CdsConnectorFactory cdsFactory;

    LiveSystems() {
        sandbox = SandboxServer.start();
        // a directory of its own, shut down at close
        cdsFactory = new CdsConnectorFactory(Path.of("target", "cds-data", UUID.randomUUID().toString()));
        try {
            Map<String, String> service = Map.of("tokenUrl", sandbox.tokenUrl(), "clientId", sandbox.clientId(),
                    "clientSecret", sandbox.clientSecret());
            connections.put(Roles.SALES, new SalesConnectorFactory().open(config(service, sandbox.salesUrl()), LOOPBACK));
            connections.put(Roles.OPERATIONS,
                    new OperationsConnectorFactory().open(config(service, sandbox.operationsUrl()), LOOPBACK));
            connections.put(Roles.CDS, cdsFactory.open(ConnectorConfig.of(Map.of("environment", "templates",
                    "organizations", ORGANIZATION)), LOOPBACK));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static ConnectorConfig config(Map<String, String> service, String baseUrl) {
        Map<String, String> all = new HashMap<>(service);
        all.put("baseUrl", baseUrl);
        return ConnectorConfig.of(all);
    }

    Connection connection(String role) {
        Connection c = connections.get(role);
        if (c == null) {
            throw new IllegalArgumentException("no connection for role '" + role + "'");
        }
        return c;
    }

    synchronized EntitySchema schema(String role, String entity) {
        return schemas.computeIfAbsent(role + ":" + entity, k -> connection(role).describe(entity));
    }

    static Optional<Transform> transform(String type) {
        return Optional.ofNullable(TRANSFORMS.get(type));
    }

    /**
     * Compiles a leg as a run does: the engine's mapping compiler (through its test harness), the described schemas, the deployed
     * transforms, and keys as a connection set with these integration keys gives them (the leg keyed by its target's
     * integration key, related entities by theirs, else by the keys the destination describes).
     */
    LegProbe compile(LegTemplate leg, Map<String, Map<String, List<String>>> integrationKeys) {
        Map<String, List<String>> targetKeys = integrationKeys.getOrDefault(leg.targetRole(), Map.of());
        Function<String, List<String>> relatedKeys = entity -> targetKeys.containsKey(entity) ? targetKeys.get(entity)
                : schema(leg.targetRole(), entity).businessKey();
        LegTemplate keyed = leg.businessKey().isEmpty() && targetKeys.containsKey(leg.targetEntity()) && !leg.keyMap()
                ? new LegTemplate(leg.sourceRole(), leg.sourceEntity(), leg.targetRole(), leg.targetEntity(),
                        leg.mappings(), leg.filter(), targetKeys.get(leg.targetEntity()), leg.deletes(), leg.keyMap(),
                        leg.deactivation())
                : leg;
        return LegProbe.compile(keyed, schema(leg.sourceRole(), leg.sourceEntity()),
                schema(leg.targetRole(), leg.targetEntity()), LiveSystems::transform, relatedKeys);
    }

    @Override
    public void close() {
        connections.values().forEach(Connection::close);
        if (cdsFactory != null) {
            cdsFactory.deactivate();
        }
        sandbox.close();
    }
}
