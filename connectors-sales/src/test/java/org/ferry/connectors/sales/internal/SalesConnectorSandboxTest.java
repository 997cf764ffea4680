package org.ferry.connectors.sales.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ConnectionContext;
import org.ferry.api.connector.ConnectorConfig;
import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.RecordReader;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.ReferenceValue;
import org.ferry.api.data.Value;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.FerryException;
import org.ferry.sandbox.SandboxOptions;
import org.ferry.testing.SandboxServer;
import org.junit.jupiter.api.Test;

/** The Dataverse connector over real HTTP against the sandbox's Web API emulator. */
class SalesConnectorSandboxTest {
    static final ConnectionContext LOOPBACK = new ConnectionContext() {
        public String connectionId() { return "it"; }
        public String connectionName() { return "sales it"; }
        public Path workDirectory() { return Path.of("target"); }
        public boolean allowInsecureLoopback() { return true; }
    };

    static Connection open(SandboxServer sandbox, String secret, Map<String, String> extra) {
        Map<String, String> cfg = new HashMap<>(Map.of("baseUrl", sandbox.salesUrl(), "tokenUrl", sandbox.tokenUrl(),
                "clientId", SandboxOptions.CLIENT_ID, "clientSecret", secret));
        cfg.putAll(extra);
        return new SalesConnectorFactory().open(ConnectorConfig.of(cfg), LOOPBACK);
    }

    static List<EntityRecord> readAll(Connection c, ReadRequest r, String[] checkpoint) {
        List<EntityRecord> all = new ArrayList<>();
        try (RecordReader reader = c.read(r)) {
            for (List<EntityRecord> page; (page = reader.nextPage()) != null; ) {
                all.addAll(page);
            }
            if (checkpoint != null) {
                checkpoint[0] = reader.checkpoint();
            }
        }
        return all;
    }

    static EntityRecord account(String number, String name) {
        return EntityRecord.builder("account").key(BusinessKey.of("accountnumber", number))
                .text("accountnumber", number).text("name", name).build();
    }

    @Test
    void readsManyPagesThenADeltaOfExactlyTheChangesAndDeletes() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().sampleData(false).accounts(3000).build());
             Connection c = open(sandbox, sandbox.clientSecret(), Map.of("pageSize", "250"))) {
            String[] cp = new String[1];
            List<EntityRecord> full = readAll(c, new ReadRequest("account", List.of(), null, null, null, 250), cp);
            assertEquals(3000, full.size());
            assertEquals(3000, full.stream().map(EntityRecord::sourceId).distinct().count());
            assertTrue(cp[0] != null && cp[0].contains("deltatoken"), cp[0]);

            List<EntityRecord> changes = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                changes.add(account(full.get(i).key().get("accountnumber"), "changed " + i));
            }
            for (int i = 0; i < changes.size(); i += 100) {
                c.upsert("account", null, changes.subList(i, i + 100))
                        .forEach(o -> assertEquals(WriteOutcome.Status.UPDATED, o.status(), o.toString()));
            }
            List<BusinessKey> deletes = full.subList(2000, 2010).stream().map(EntityRecord::key).toList();
            c.delete("account", null, deletes).forEach(o -> assertEquals(WriteOutcome.Status.DELETED, o.status()));

            String[] next = new String[1];
            List<EntityRecord> delta = readAll(c, new ReadRequest("account", List.of(), null, cp[0], null, 250), next);
            Set<String> changedKeys = new HashSet<>();
            Set<String> deletedIds = new HashSet<>();
            for (EntityRecord r : delta) {
                if (r.deleted()) {
                    assertNull(r.key());
                    deletedIds.add(r.sourceId());
                } else {
                    changedKeys.add(r.key().get("accountnumber"));
                    assertTrue(r.get("name").asText().startsWith("changed "));
                }
            }
            assertEquals(1010, delta.size());
            assertEquals(changes.stream().map(r -> r.key().get("accountnumber")).collect(java.util.stream.Collectors.toSet()),
                    changedKeys);
            assertEquals(full.subList(2000, 2010).stream().map(EntityRecord::sourceId).collect(java.util.stream.Collectors.toSet()),
                    deletedIds);
            assertTrue(readAll(c, new ReadRequest("account", List.of(), null, next[0], null, 250), null).isEmpty());
        }
    }

    @Test
    void reportsCreateVersusUpdateAndPartialBatchFailure() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().build());
             Connection c = open(sandbox, sandbox.clientSecret(), Map.of())) {
            List<EntityRecord> batch = List.of(account("IT-1", "One"), account("IT-2", "x".repeat(161)),
                    account("IT'3", "Three"));
            List<WriteOutcome> first = c.upsert("account", null, batch);
            assertEquals(WriteOutcome.Status.INSERTED, first.get(0).status());
            assertEquals(WriteOutcome.Status.FAILED, first.get(1).status());
            assertTrue(first.get(1).message().contains("name"), first.get(1).message());
            assertEquals(WriteOutcome.Status.INSERTED, first.get(2).status());
            List<WriteOutcome> again = c.upsert("account", null, List.of(account("IT-1", "One again")));
            assertEquals(WriteOutcome.Status.UPDATED, again.get(0).status());
            List<EntityRecord> back = readAll(c, new ReadRequest("account", List.of("name", "accountnumber"), null, null,
                    "startswith(accountnumber,'IT')", 100), null);
            assertEquals(Set.of("IT-1", "IT'3"), back.stream().map(r -> r.key().get("accountnumber"))
                    .collect(java.util.stream.Collectors.toSet()));
        }
    }

    @Test
    void writesLookupsByAlternateKeyAndReadsThemBackAsReferences() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().build());
             Connection c = open(sandbox, sandbox.clientSecret(), Map.of())) {
            c.upsert("account", null, List.of(account("PARENT-1", "Parent")));
            EntityRecord child = account("CHILD-1", "Child").toBuilder()
                    .set("parentaccountid", Value.reference("account", BusinessKey.of("accountnumber", "PARENT-1"))).build();
            assertEquals(WriteOutcome.Status.INSERTED, c.upsert("account", null, List.of(child)).get(0).status());
            EntityRecord orphan = account("CHILD-2", "Orphan").toBuilder()
                    .set("parentaccountid", Value.reference("account", BusinessKey.of("accountnumber", "NOPE"))).build();
            WriteOutcome failed = c.upsert("account", null, List.of(orphan)).get(0);
            assertEquals(WriteOutcome.Status.FAILED, failed.status());
            List<EntityRecord> back = readAll(c, new ReadRequest("account", List.of("parentaccountid"), null, null,
                    "accountnumber eq 'CHILD-1' or accountnumber eq 'PARENT-1'", 10), null);
            Map<String, EntityRecord> byNumber = back.stream()
                    .collect(java.util.stream.Collectors.toMap(r -> r.key().get("accountnumber"), r -> r));
            assertEquals(new ReferenceValue("account", BusinessKey.of("accountnumber", "PARENT-1"),
                    byNumber.get("PARENT-1").sourceId()), byNumber.get("CHILD-1").get("parentaccountid"));
        }
    }

    @Test
    void survivesThrottlingStormsWithoutComingBackInsideRetryAfter() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().sampleData(false)
                .throttleRate(0.2).throttleWithoutRetryAfter(0.5).retryAfterSeconds(1).dropRate(0.05).build());
             Connection c = open(sandbox, sandbox.clientSecret(), Map.of("batchSize", "10"))) {
            List<EntityRecord> records = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                records.add(account(String.format("STORM-%04d", i), "Storm " + i));
            }
            for (int i = 0; i < records.size(); i += 50) {
                c.upsert("account", null, records.subList(i, i + 50))
                        .forEach(o -> assertFalse(o.status() == WriteOutcome.Status.FAILED, o.toString()));
            }
            List<EntityRecord> back = readAll(c, new ReadRequest("account", List.of("accountnumber"), null, null, null, 200), null);
            assertEquals(1000, back.size());
            assertEquals(1000, back.stream().map(EntityRecord::key).distinct().count());
            assertTrue(sandbox.requestLog().count(429) > 0 && sandbox.requestLog().dropped() > 0);
            assertEquals(List.of(), sandbox.requestLog().retryAfterViolations(Duration.ofMillis(200)));
        }
    }

    @Test
    void renewsExpiredTokens() throws Exception {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().tokenLifetime(Duration.ofSeconds(2)).build());
             Connection c = open(sandbox, sandbox.clientSecret(), Map.of())) {
            for (int i = 0; i < 4; i++) {
                assertTrue(c.test().ok());
                Thread.sleep(1200);
            }
        }
    }

    @Test
    void refusesAWrongSecretCleanly() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().build())) {
            String wrong = "wrong-" + sandbox.clientSecret();
            try (Connection bad = open(sandbox, wrong, Map.of())) {
                FerryException e = assertThrows(ConfigurationException.class, () -> bad.describe("account"));
                assertTrue(e.getMessage().contains("AADSTS7000215"), e.getMessage());
                assertFalse(e.getMessage().contains(wrong));
                assertFalse(bad.test().ok());
            }
        }
    }

    /** Issue 4's volume check: every one of 100,000 accounts read once, then a delta of exactly what changed. */
    @Test
    void reads100000AccountsEveryOneAccountedForThenExactlyTheirChanges() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().sampleData(false).accounts(100_000)
                .unlimited().build());
             Connection c = open(sandbox, sandbox.clientSecret(), Map.of())) {
            long t = System.nanoTime();
            String[] cp = new String[1];
            List<EntityRecord> all = readAll(c, new ReadRequest("account", List.of("accountnumber", "name"), null, null, null,
                    5000), cp);
            System.out.printf("read 100,000 accounts in %d ms%n", (System.nanoTime() - t) / 1_000_000);
            assertEquals(100_000, all.size());
            assertEquals(100_000, all.stream().map(EntityRecord::sourceId).distinct().count());
            assertEquals(100_000, all.stream().map(EntityRecord::key).distinct().count());

            // 1,000 changes spread over the whole set, and 10 deletes among the others
            List<EntityRecord> changes = new ArrayList<>();
            for (int i = 0; i < 100_000; i += 100) {
                changes.add(account(all.get(i).key().get("accountnumber"), "changed " + i));
            }
            for (int i = 0; i < changes.size(); i += 500) {
                c.upsert("account", null, changes.subList(i, i + 500))
                        .forEach(o -> assertEquals(WriteOutcome.Status.UPDATED, o.status(), o.toString()));
            }
            List<EntityRecord> deleted = new ArrayList<>();
            for (int i = 50; i < 100_000; i += 10_000) {
                deleted.add(all.get(i));
            }
            c.delete("account", null, deleted.stream().map(EntityRecord::key).toList())
                    .forEach(o -> assertEquals(WriteOutcome.Status.DELETED, o.status()));

            String[] next = new String[1];
            List<EntityRecord> delta = readAll(c, new ReadRequest("account", List.of("accountnumber", "name"), null, cp[0],
                    null, 5000), next);
            Set<String> changedKeys = new HashSet<>();
            Set<String> deletedIds = new HashSet<>();
            for (EntityRecord r : delta) {
                if (r.deleted()) {
                    deletedIds.add(r.sourceId());
                } else {
                    changedKeys.add(r.key().get("accountnumber"));
                }
            }
            assertEquals(1010, delta.size());
            assertEquals(changes.stream().map(r -> r.key().get("accountnumber")).collect(java.util.stream.Collectors.toSet()),
                    changedKeys);
            assertEquals(deleted.stream().map(EntityRecord::sourceId).collect(java.util.stream.Collectors.toSet()), deletedIds);
            assertTrue(readAll(c, new ReadRequest("account", List.of(), null, next[0], null, 5000), null).isEmpty());
        }
    }
}
