package org.ferry.connectors.sales.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ConnectorConfig;
import org.ferry.sandbox.SandboxOptions;
import org.ferry.testing.SandboxServer;
import org.junit.jupiter.api.Test;

/**
 * A run opens its connections afresh; the schema ({@code $metadata}, megabytes on a real organization) and the tables'
 * definitions are read once per connector and service, not once per connection, and read anew when the user lists the
 * entities; the access token is asked for once per connector and credentials while it lives.
 */
class MetadataCacheSandboxTest {
    private static long metadataReads(SandboxServer sandbox) {
        return sandbox.requestLog().entries().stream().filter(e -> e.path().endsWith("/$metadata")).count();
    }

    private static long requests(SandboxServer sandbox, String pathPart) {
        return sandbox.requestLog().entries().stream().filter(e -> e.path().contains(pathPart)).count();
    }

    private static ConnectorConfig config(SandboxServer sandbox, String secret) {
        return ConnectorConfig.of(Map.of("baseUrl", sandbox.salesUrl(), "tokenUrl", sandbox.tokenUrl(),
                "clientId", SandboxOptions.CLIENT_ID, "clientSecret", secret));
    }

    @Test
    void connectionsOfOneConnectorShareATokenOfTheSameCredentialsOnlyAndATestSignsInAfresh() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().sampleData(false).build())) {
            SalesConnectorFactory factory = new SalesConnectorFactory();
            for (int run = 0; run < 3; run++) {
                try (Connection c = factory.open(config(sandbox, sandbox.clientSecret()), SalesConnectorSandboxTest.LOOPBACK)) {
                    c.organizationUnits();
                }
            }
            assertEquals(1, requests(sandbox, "/oauth2/"), "three connections, one token while it lives");
            try (Connection c = factory.open(config(sandbox, sandbox.clientSecret()), SalesConnectorSandboxTest.LOOPBACK)) {
                assertTrue(c.test().ok());
            }
            assertEquals(2, requests(sandbox, "/oauth2/"), "a connection test proves the credentials, not a kept token");
            try (Connection wrong = factory.open(config(sandbox, "not-the-secret"), SalesConnectorSandboxTest.LOOPBACK)) {
                assertFalse(wrong.test().ok(), "other credentials never use the token the right ones earned");
                assertThrows(RuntimeException.class, wrong::organizationUnits);
            }
            try (Connection other = new SalesConnectorFactory().open(config(sandbox, sandbox.clientSecret()),
                    SalesConnectorSandboxTest.LOOPBACK)) {
                other.organizationUnits();
            }
            assertEquals(5, requests(sandbox, "/oauth2/"), "the wrong secret twice; another connector (a restarted"
                    + " bundle) asks for its own");
        }
    }

    @Test
    void connectionsOfOneConnectorReadATableDefinitionOnceUntilTheEntitiesAreListed() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().sampleData(false).build())) {
            SalesConnectorFactory factory = new SalesConnectorFactory();
            ConnectorConfig config = config(sandbox, sandbox.clientSecret());
            try (Connection first = factory.open(config, SalesConnectorSandboxTest.LOOPBACK)) {
                first.describe("account");
            }
            try (Connection second = factory.open(config, SalesConnectorSandboxTest.LOOPBACK)) {
                second.describe("account");
                assertEquals(1, requests(sandbox, "EntityDefinitions"), "the next connection reuses the definition");
                second.listEntities();
                second.describe("account");
                assertEquals(2, requests(sandbox, "EntityDefinitions"), "listing the entities reads definitions anew");
            }
        }
    }

    @Test
    void connectionsOfOneConnectorReadTheSchemaOnceUntilTheEntitiesAreListed() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().sampleData(false).build())) {
            SalesConnectorFactory factory = new SalesConnectorFactory();
            ConnectorConfig config = ConnectorConfig.of(Map.of("baseUrl", sandbox.salesUrl(), "tokenUrl", sandbox.tokenUrl(),
                    "clientId", SandboxOptions.CLIENT_ID, "clientSecret", sandbox.clientSecret()));
            try (Connection first = factory.open(config, SalesConnectorSandboxTest.LOOPBACK)) {
                first.describe("account");
            }
            assertEquals(1, metadataReads(sandbox));
            try (Connection second = factory.open(config, SalesConnectorSandboxTest.LOOPBACK)) {
                second.describe("contact");
                assertEquals(1, metadataReads(sandbox), "the next connection (the next run) reuses the schema");
                second.listEntities();
                assertEquals(2, metadataReads(sandbox), "listing the entities reads the schema anew");
            }
            try (Connection other = new SalesConnectorFactory().open(config, SalesConnectorSandboxTest.LOOPBACK)) {
                other.describe("account");
                assertEquals(3, metadataReads(sandbox), "another connector (a restarted bundle) reads its own");
            }
        }
    }
}
