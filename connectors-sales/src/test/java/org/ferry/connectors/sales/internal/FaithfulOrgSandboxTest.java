package org.ferry.connectors.sales.internal;

import static org.ferry.connectors.sales.internal.SalesConnectorSandboxTest.open;
import static org.ferry.connectors.sales.internal.SalesConnectorSandboxTest.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ferry.api.connector.ChangeTracking;
import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.RecordReader;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.ReferenceValue;
import org.ferry.api.data.Value;
import org.ferry.api.error.CheckpointExpiredException;
import org.ferry.sandbox.SandboxOptions;
import org.ferry.testing.SandboxServer;
import org.junit.jupiter.api.Test;

/**
 * The Dataverse connector against a sandbox that behaves as a real Prospect-to-Cash org (no leniency option):
 * alternate keys only on accounts, change tracking per table, expiring delta tokens, forbidden key characters,
 * privileges. Each test reproduces one behaviour of issue 14 and asserts the connector's right answer.
 */
class FaithfulOrgSandboxTest {

    private static ReadResult read(Connection c, ReadRequest r) {
        List<EntityRecord> all = new ArrayList<>();
        try (RecordReader reader = c.read(r)) {
            for (List<EntityRecord> page; (page = reader.nextPage()) != null; ) {
                all.addAll(page);
            }
            return new ReadResult(all, reader.checkpoint(), reader.warnings());
        }
    }

    private record ReadResult(List<EntityRecord> records, String checkpoint, List<String> warnings) {
    }

    @Test
    void integrationKeysReachTheReaderForTablesWithoutAlternateKeys() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().build());
             Connection c = open(sandbox, sandbox.clientSecret(), Map.of())) {
            assertEquals(List.of(), c.describe("transactioncurrency").businessKey(), "no alternate key in a real org");
            // what the engine asks for: the currency's isocurrencycode, its integration key
            ReadRequest request = new ReadRequest("account", List.of("accountnumber", "transactioncurrencyid"), null,
                    null, "accountnumber ne null", 100,
                    Map.of("transactioncurrencyid", Map.of("transactioncurrency", List.of("isocurrencycode"))));
            List<EntityRecord> accounts = read(c, request).records();
            assertFalse(accounts.isEmpty());
            for (EntityRecord a : accounts) {
                ReferenceValue currency = (ReferenceValue) a.get("transactioncurrencyid");
                assertNotNull(currency, a.toString());
                assertTrue(Set.of("USD", "EUR").contains(currency.key().get("isocurrencycode")), currency.toString());
                assertNotNull(currency.id());
            }
            // asked for nothing, the reference names the currency by its id alone: there is no key to name it by
            EntityRecord plain = read(c, new ReadRequest("account", List.of("accountnumber", "transactioncurrencyid"),
                    null, null, "accountnumber ne null", 5)).records().get(0);
            assertNull(((ReferenceValue) plain.get("transactioncurrencyid")).key());
        }
    }

    @Test
    void readsOnlyWhatTheRunNeedsAndNeverATableItDoesNotMap() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder()
                .unreadableTables(Set.of("pricelevel", "uom")).build());
             Connection c = open(sandbox, sandbox.clientSecret(), Map.of())) {
            sandbox.requestLog().clear();
            List<EntityRecord> products = read(c, new ReadRequest("product", List.of("productnumber", "name"), null, null,
                    null, 100)).records();
            assertEquals(20, products.size());
            List<String> queries = sandbox.requestLog().entries().stream()
                    .filter(e -> e.method().equals("GET") && e.path().endsWith("/products") && e.query() != null)
                    .map(e -> e.query()).toList();
            assertFalse(queries.isEmpty());
            for (String q : queries) {
                String select = q.replaceAll(".*\\$select=([^&]*).*", "$1");
                assertFalse(select.contains("description") || select.contains("price"), "only mapped columns: " + q);
                assertTrue(select.contains("productnumber") && select.contains("productid"), q);
            }
            assertTrue(sandbox.requestLog().entries().stream().noneMatch(e -> e.path().endsWith("/pricelevels")
                    || e.path().endsWith("/uoms")), "related tables nothing maps are not read");
            assertTrue(products.stream().noneMatch(p -> p.has("pricelevelid")));
        }
    }

    @Test
    void aTableWithoutChangeTrackingIsReadFullyWithAWarning() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().build());
             Connection c = open(sandbox, sandbox.clientSecret(), Map.of())) {
            assertEquals(ChangeTracking.NONE, c.changeTracking("pricelevel"));
            assertEquals(ChangeTracking.DELTA, c.changeTracking("account"));
            ReadResult r = read(c, new ReadRequest("pricelevel", List.of("name"), null, null, null, 100));
            assertFalse(r.records().isEmpty());
            assertNull(r.checkpoint(), "no delta link, so no checkpoint");
            assertEquals(1, r.warnings().size(), r.warnings().toString());
            assertTrue(r.warnings().get(0).contains("not enabled for change tracking"), r.warnings().get(0));
        }
    }

    @Test
    void withoutOrganizationLevelReadTheReadIsFullAndSaysWhy() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().organizationRead(false).build());
             Connection c = open(sandbox, sandbox.clientSecret(), Map.of())) {
            ReadResult r = read(c, new ReadRequest("account", List.of("name", "accountnumber"), null, null, null, 100));
            assertEquals(43, r.records().size());
            assertNull(r.checkpoint());
            assertEquals(1, r.warnings().size());
            assertTrue(r.warnings().get(0).contains("organization-level read"), r.warnings().get(0));
            // a filtered read (an id-only tracked pass first) falls back the same way
            ReadResult filtered = read(c, new ReadRequest("account", List.of("name"), null, null,
                    "accountnumber ne null", 100));
            assertEquals(42, filtered.records().size());
            assertNull(filtered.checkpoint());
            assertFalse(filtered.warnings().isEmpty());
        }
    }

    @Test
    void anExpiredDeltaTokenIsReportedSoTheEngineStartsOver() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().build());
             Connection c = open(sandbox, sandbox.clientSecret(), Map.of())) {
            ReadResult first = read(c, new ReadRequest("account", List.of("name"), null, null, null, 100));
            assertNotNull(first.checkpoint());
            assertTrue(first.warnings().isEmpty(), first.warnings().toString());
            sandbox.expireDeltaTokens();
            CheckpointExpiredException e = assertThrows(CheckpointExpiredException.class, () -> read(c,
                    new ReadRequest("account", List.of("name"), null, first.checkpoint(), null, 100)));
            assertTrue(e.getMessage().contains("Please perform a full sync"), e.getMessage());
        }
    }

    @Test
    void keysWithForbiddenCharactersAreWrittenAndBoundByIdFoundWithAFilter() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().sampleData(false).build());
             Connection c = open(sandbox, sandbox.clientSecret(), Map.of())) {
            List<EntityRecord> accounts = new ArrayList<>();
            for (String number : List.of("A/1", "A<2", "A>3", "A*4", "A%5", "A&6", "A:7", "A\\8", "A?9", "A+10")) {
                accounts.add(EntityRecord.builder("account").key(BusinessKey.of("accountnumber", number))
                        .text("accountnumber", number).text("name", "odd " + number).build());
            }
            c.upsert("account", null, accounts).forEach(o -> assertEquals(WriteOutcome.Status.INSERTED, o.status(), o.toString()));
            c.upsert("account", null, accounts).forEach(o -> assertEquals(WriteOutcome.Status.UPDATED, o.status(), o.toString()));
            List<EntityRecord> back = read(c, new ReadRequest("account", List.of("accountnumber", "name"), null, null,
                    null, 100)).records();
            assertEquals(10, back.size(), "written once each");
            // a contact whose parent account is one of them: bound by the parent's GUID
            EntityRecord contact = EntityRecord.builder("contact").key(BusinessKey.of("msdynce_contactnumber", "C&1"))
                    .text("lastname", "child").set("parentcustomerid",
                            Value.reference("account", BusinessKey.of("accountnumber", "A&6"))).build();
            assertEquals(WriteOutcome.Status.INSERTED, c.upsert("contact", null, List.of(contact)).get(0).status());
            EntityRecord read = read(c, new ReadRequest("contact", List.of("msdynce_contactnumber", "parentcustomerid"),
                    null, null, null, 10, Map.of("parentcustomerid", Map.of("account", List.of("accountnumber")))))
                    .records().get(0);
            assertEquals("A&6", ((ReferenceValue) read.get("parentcustomerid")).key().get("accountnumber"));
            assertEquals(WriteOutcome.Status.DELETED, c.delete("account", null,
                    List.of(BusinessKey.of("accountnumber", "A?9"))).get(0).status());
            assertEquals(9, read(c, new ReadRequest("account", List.of("accountnumber"), null, null, null, 100))
                    .records().size());
        }
    }

    @Test
    void tablesWithoutAlternateKeysAreUpsertedByTheirIntegrationKeyOnce() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().build());
             Connection c = open(sandbox, sandbox.clientSecret(), Map.of())) {
            List<EntityRecord> products = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String number = i < 20 ? String.format("D%04d", i + 1) : "NEW-" + i;
                products.add(EntityRecord.builder("product").key(BusinessKey.of("productnumber", number))
                        .text("name", "product " + i).build());
            }
            List<WriteOutcome> outcomes = c.upsert("product", null, products);
            assertEquals(20, outcomes.stream().filter(o -> o.status() == WriteOutcome.Status.UPDATED).count());
            assertEquals(40, outcomes.stream().filter(o -> o.status() == WriteOutcome.Status.INSERTED).count());
            c.upsert("product", null, products).forEach(o -> assertEquals(WriteOutcome.Status.UPDATED, o.status()));
            List<EntityRecord> all = read(c, new ReadRequest("product", List.of("productnumber"), null, null, null, 200))
                    .records();
            assertEquals(60, all.size(), "nothing written twice");
            assertEquals(60, all.stream().map(r -> r.get("productnumber").asText()).distinct().count());
        }
    }
}
