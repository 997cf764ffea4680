package org.ferry.connectors.sales.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ConnectorConfig;
import org.ferry.sandbox.SandboxOptions;
import org.ferry.testing.SandboxServer;
import org.junit.jupiter.api.Test;

/**
 * A run opens its connections afresh; the schema ({@code $metadata}, megabytes on a real organization) is read once
 * per connector and service, not once per connection, and read anew when the user lists the entities.
 */
class MetadataCacheSandboxTest {
    private static long metadataReads(SandboxServer sandbox) {
        return sandbox.requestLog().entries().stream().filter(e -> e.path().endsWith("/$metadata")).count();
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
