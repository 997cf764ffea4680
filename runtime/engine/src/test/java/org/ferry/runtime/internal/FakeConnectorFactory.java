package org.ferry.runtime.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.ferry.api.connector.Capabilities;
import org.ferry.api.connector.ChangeTracking;
import org.ferry.api.connector.ConfigField;
import org.ferry.api.connector.ConfigFieldType;
import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ConnectionAction;
import org.ferry.api.connector.ConnectionContext;
import org.ferry.api.connector.ConnectorConfig;
import org.ferry.api.connector.ConnectorFactory;
import org.ferry.api.connector.EntityInfo;
import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.RecordReader;
import org.ferry.api.connector.TestResult;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.ValueType;
import org.ferry.api.error.ConnectorException;
import org.ferry.api.error.FieldProblem;
import org.ferry.api.organization.OrganizationUnit;

/**
 * A connector type for tests: an HTTP-like form (URL, client id, secret, a number, a choice, a flag)
 * and connections that remember what they were opened with and count how often they were asked.
 */
public class FakeConnectorFactory implements ConnectorFactory {
    public static final String GOOD_SECRET = "s3cret-canary-7f1c9a";

    private final String type;
    public final List<ConnectorConfig> opened = new CopyOnWriteArrayList<>();
    public final List<ConnectionContext> contexts = new CopyOnWriteArrayList<>();
    public final AtomicInteger listCalls = new AtomicInteger();
    public final AtomicInteger describeCalls = new AtomicInteger();
    public final AtomicInteger closed = new AtomicInteger();
    /** While set, "test connection" waits for it, as a connection to a black-holed address does. */
    public volatile java.util.concurrent.CountDownLatch hangTests;

    public FakeConnectorFactory(String type) {
        this.type = type;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public String displayName() {
        return "Fake " + type;
    }

    @Override
    public List<ConfigField> configFields() {
        return List.of(
                ConfigField.required("baseUrl", "Base URL", ConfigFieldType.URL, null),
                ConfigField.required("clientId", "Client id", ConfigFieldType.TEXT, null),
                ConfigField.secret("clientSecret", "Client secret", null),
                ConfigField.optional("pageSize", "Page size", ConfigFieldType.INTEGER, "100", null),
                new ConfigField("mode", "Mode", ConfigFieldType.CHOICE, false, "fast", false, null, List.of("fast", "safe")),
                ConfigField.optional("verbose", "Verbose", ConfigFieldType.BOOLEAN, null, null),
                new ConfigField("apiKey", "API key", ConfigFieldType.TEXT, false, null, true, null, List.of()));
    }

    @Override
    public List<FieldProblem> validate(ConnectorConfig config) {
        return config.get("clientId").filter("unknown-client"::equals).isPresent()
                ? List.of(new FieldProblem("clientId", "is not registered with the service")) : List.of();
    }

    @Override
    public Connection open(ConnectorConfig config, ConnectionContext context) {
        opened.add(config);
        contexts.add(context);
        return new FakeConnection(config);
    }

    /** Values of the last opened configuration. */
    public Map<String, String> lastConfig() {
        return opened.get(opened.size() - 1).values();
    }

    private final class FakeConnection implements Connection {
        private final ConnectorConfig config;

        FakeConnection(ConnectorConfig config) {
            this.config = config;
        }

        @Override
        public TestResult test() {
            java.util.concurrent.CountDownLatch hang = hangTests;
            if (hang != null) {
                try {
                    hang.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            boolean ok = config.get("clientSecret").filter(GOOD_SECRET::equals).isPresent();
            return new TestResult(ok, ok ? "signed in" : "the service refused the credentials", Duration.ofMillis(3));
        }

        @Override
        public Capabilities capabilities() {
            return new Capabilities(ChangeTracking.NONE, false, false, false, 100, 1);
        }

        @Override
        public List<EntityInfo> listEntities() {
            listCalls.incrementAndGet();
            return List.of(new EntityInfo("contact", "Contact"), new EntityInfo("account", "Account"));
        }

        @Override
        public EntitySchema describe(String entity) {
            describeCalls.incrementAndGet();
            return new EntitySchema(entity, null, List.of(FieldSchema.text("accountnumber", 20).asRequired(),
                    FieldSchema.of("revenue", ValueType.DECIMAL).withScale(2), FieldSchema.lookup("parent", "account")),
                    List.of("accountnumber"), List.of(List.of("accountnumber")), List.of("accountnumber"), null);
        }

        @Override
        public List<OrganizationUnit> organizationUnits() {
            return List.of(new OrganizationUnit("USMF", "Contoso USA", OrganizationUnit.Kind.LEGAL_ENTITY, null));
        }

        @Override
        public RecordReader read(ReadRequest request) {
            throw new ConnectorException("not used in these tests");
        }

        @Override
        public List<WriteOutcome> upsert(String entity, OrganizationUnit organization, List<EntityRecord> records) {
            throw new ConnectorException("not used in these tests");
        }

        @Override
        public List<WriteOutcome> delete(String entity, OrganizationUnit organization, List<BusinessKey> keys) {
            throw new ConnectorException("not used in these tests");
        }

        @Override
        public List<ConnectionAction> actions() {
            return List.of(new ConnectionAction("clear-all-data", "Clear all data", "Deletes every record", true));
        }

        @Override
        public String perform(String action) {
            if (!action.equals("clear-all-data")) {
                return Connection.super.perform(action);
            }
            return "cleared";
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }
}
