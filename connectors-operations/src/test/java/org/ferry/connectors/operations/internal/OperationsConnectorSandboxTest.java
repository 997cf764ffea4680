package org.ferry.connectors.operations.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ConnectionContext;
import org.ferry.api.connector.ConnectorConfig;
import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.RecordReader;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.organization.OrganizationUnit;
import org.ferry.sandbox.SandboxOptions;
import org.ferry.testing.SandboxServer;
import org.junit.jupiter.api.Test;

/** The F&O connector over real HTTP against the sandbox's OData emulator. */
class OperationsConnectorSandboxTest {
    static final ConnectionContext LOOPBACK = new ConnectionContext() {
        public String connectionId() { return "it"; }
        public String connectionName() { return "operations it"; }
        public Path workDirectory() { return Path.of("target"); }
        public boolean allowInsecureLoopback() { return true; }
    };

    static Connection open(SandboxServer sandbox) {
        return open(sandbox, Map.of());
    }

    static Connection open(SandboxServer sandbox, Map<String, String> extra) {
        Map<String, String> cfg = new java.util.HashMap<>(Map.of("baseUrl", sandbox.operationsUrl(),
                "tokenUrl", sandbox.tokenUrl(), "clientId", SandboxOptions.CLIENT_ID,
                "clientSecret", sandbox.clientSecret()));
        cfg.putAll(extra);
        return new OperationsConnectorFactory().open(ConnectorConfig.of(cfg), LOOPBACK);
    }

    static List<EntityRecord> readAll(Connection c, ReadRequest r, String[] cp) {
        List<EntityRecord> all = new ArrayList<>();
        try (RecordReader reader = c.read(r)) {
            for (List<EntityRecord> page; (page = reader.nextPage()) != null; ) {
                all.addAll(page);
            }
            if (cp != null) {
                cp[0] = reader.checkpoint();
            }
        }
        return all;
    }

    static String group(Connection c, String company) {
        return readAll(c, new ReadRequest("CustomerGroups", List.of(), unit(company), null, null, 100), null)
                .get(0).key().get("CustomerGroupId");
    }

    static OrganizationUnit unit(String id) {
        return new OrganizationUnit(id, id, OrganizationUnit.Kind.LEGAL_ENTITY, null);
    }

    static EntityRecord customer(String account, String name, String group) {
        return EntityRecord.builder("CustomersV3").key(BusinessKey.of("CustomerAccount", account))
                .text("OrganizationName", name).text("CustomerGroupId", group).text("SalesCurrencyCode", "USD").build();
    }

    static void write(Connection c, String company, List<EntityRecord> records, WriteOutcome.Status expected) {
        write(c, company, records, expected, 100);
    }

    static void write(Connection c, String company, List<EntityRecord> records, WriteOutcome.Status expected, int perCall) {
        for (int i = 0; i < records.size(); i += perCall) {
            c.upsert("CustomersV3", unit(company), records.subList(i, Math.min(records.size(), i + perCall)))
                    .forEach(o -> assertEquals(expected, o.status(), o.toString()));
        }
    }

    @Test
    void legalEntitiesCreatesUpdatesWatermarksAndInfologErrors() throws Exception {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().build()); Connection c = open(sandbox)) {
            assertTrue(c.organizationUnits().stream().map(OrganizationUnit::id).map(String::toLowerCase)
                    .collect(Collectors.toSet()).containsAll(Set.of("usmf", "demf")));
            String g = group(c, "usmf");
            List<EntityRecord> batch = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                batch.add(customer("IT-" + i, "Customer " + i, g));
            }
            String[] cp = new String[1];
            readAll(c, new ReadRequest("CustomersV3", List.of(), unit("usmf"), null, null, 1000), cp);
            Thread.sleep(1100);
            write(c, "usmf", batch, WriteOutcome.Status.INSERTED);
            write(c, "usmf", batch.subList(0, 50), WriteOutcome.Status.UPDATED);
            List<EntityRecord> changed = readAll(c, new ReadRequest("CustomersV3", List.of(), unit("usmf"), cp[0], null, 1000), null);
            // "ge checkpoint": records stamped exactly at the checkpoint come again, by design; nothing else may
            Set<BusinessKey> written = batch.stream().map(EntityRecord::key).collect(Collectors.toSet());
            assertTrue(changed.stream().map(EntityRecord::key).collect(Collectors.toSet()).containsAll(written));
            changed.stream().filter(r -> !written.contains(r.key()))
                    .forEach(r -> assertEquals(java.time.Instant.parse(cp[0]), r.modifiedOn(), r.toString()));
            assertTrue(changed.stream().allMatch(r -> "usmf".equalsIgnoreCase(r.organization())));
            WriteOutcome bad = c.upsert("CustomersV3", unit("usmf"), List.of(customer("IT-BAD", "Bad", "NO-SUCH"))).get(0);
            assertEquals(WriteOutcome.Status.FAILED, bad.status());
            assertTrue(bad.message().contains("Customer group"), bad.message());
            assertEquals(WriteOutcome.Status.DELETED, c.delete("CustomersV3", unit("usmf"),
                    List.of(BusinessKey.of("CustomerAccount", "IT-0"), BusinessKey.of("CustomerAccount", "IT-NONE")))
                    .get(1).status());
        }
    }

    @Test
    void droppedConnectionsAndThrottlingLoseAndDuplicateNothing() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().throttleRate(0.2)
                .throttleWithoutRetryAfter(0.5).retryAfterSeconds(1).dropRate(0.05).build()); Connection c = open(sandbox)) {
            String g = group(c, "demf");
            List<EntityRecord> batch = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                batch.add(customer("DROP-" + i, "Customer " + i, g));
            }
            // a call's records travel in one $batch of updates and one of creates: small calls, so that the
            // faults meet many batches, creates among them
            write(c, "demf", batch, WriteOutcome.Status.INSERTED, 5);
            List<EntityRecord> back = readAll(c, new ReadRequest("CustomersV3", List.of(), unit("demf"),
                    null, "CustomerAccount eq 'DROP-*'", 1000), null);
            assertEquals(200, back.size());
            assertEquals(200, back.stream().map(EntityRecord::key).distinct().count());
            assertTrue(sandbox.requestLog().dropped() > 0);
            assertEquals(List.of(), sandbox.requestLog().retryAfterViolations(java.time.Duration.ofMillis(200)));
        }
    }

    /** Issue 4's volume check, in every build since writes go through $batch (about 10 s). */
    @Test
    void writes100000CustomersEveryOneAccountedFor() {
        // volume and bookkeeping, not the service's server time (the budget scenario of ./ferry bench measures that)
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().unlimited().build());
             Connection c = open(sandbox)) {
            String g = group(c, "usmf");
            List<EntityRecord> batch = new ArrayList<>();
            for (int i = 0; i < 100_000; i++) {
                batch.add(customer(String.format("BIG-%06d", i), "Customer " + i, g));
            }
            long t = System.nanoTime();
            write(c, "usmf", batch, WriteOutcome.Status.INSERTED);
            System.out.printf("wrote 100,000 customers in %d ms%n", (System.nanoTime() - t) / 1_000_000);
            List<EntityRecord> back = readAll(c, new ReadRequest("CustomersV3", List.of("CustomerAccount"), unit("usmf"),
                    null, "CustomerAccount eq 'BIG-*'", 10_000), null);
            assertEquals(100_000, back.stream().map(EntityRecord::key).distinct().count());
        }
    }
}
