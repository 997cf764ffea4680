package org.ferry.runtime.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.Value;
import org.ferry.api.organization.OrganizationMapping;
import org.ferry.api.template.FieldMapping;
import org.ferry.api.template.LegTemplate;
import org.ferry.runtime.management.ConflictException;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.ProjectTask;
import org.ferry.runtime.management.RunErrorInfo;
import org.ferry.runtime.management.RunInfo;
import org.ferry.runtime.management.RunLegInfo;
import org.ferry.runtime.management.RunStatus;
import org.ferry.runtime.testing.MemorySystem;
import org.junit.jupiter.api.Test;

/** Runs end to end: two legs, incremental runs, refused records, one run per project, validation, key collisions. */
class RunEngineTest extends RunEngineFixture {
    @Test
    void twoLegsMapTransformAndWriteExactlyTheExpectedRecords() throws Exception {
        sales.put(account(900, "Skipped", "Alabama", "Germany", "1").toBuilder().text("accountnumber", null).key(null).sourceId("no-number").build());
        sales.put(account(901, "Bad state", "Atlantis", "Germany", "1"));
        project("p1", -1);

        RunInfo run = runs.await(runs.start("p1", "incremental", "manual", null, ADMIN).id(), Duration.ofSeconds(60));

        assertEquals(RunStatus.WARNING, run.status(), run.message());
        RunLegInfo first = run.tasks().get(0).legs().get(0);
        assertEquals(ACCOUNTS + 2, first.read());
        assertEquals(ACCOUNTS, first.inserted());
        assertEquals(1, first.skipped());
        assertEquals(1, first.failed());
        RunLegInfo second = run.tasks().get(0).legs().get(1);
        assertEquals(ACCOUNTS, second.read());
        assertEquals(ACCOUNTS, second.inserted());

        Map<String, EntityRecord> customers = ops.records("CustomersV3");
        assertEquals(ACCOUNTS, customers.size());
        EntityRecord c0 = customers.get(accountNumber(0));
        assertEquals("US", c0.get("AddressCountryRegionISOCode").asText());
        assertEquals("10", c0.get("CustomerGroupId").asText(), "default applied");
        assertEquals("USD", c0.get("SalesCurrencyCode").asText(), "lookup through the integration key");
        assertEquals("Account number 0 with a rather", c0.get("OrganizationName").asText(), "truncated to the hub's 30");
        assertEquals("USMF", c0.organization());
        EntityRecord h1 = hub.records("Account").get(accountNumber(1));
        assertEquals("AK", h1.get("State").asText());
        assertEquals("DEU", h1.get("Country").asText());
        assertEquals(Value.integer(12), h1.get("Revenue"), "decimals truncate into integers");
        assertEquals(Value.reference("Account", BusinessKey.of("AccountId", accountNumber(0))), h1.get("ParentAccount"));
        assertEquals("ORG001", h1.organization());

        List<RunErrorInfo> errors = runs.errors(run.id(), 0, 100);
        assertEquals(2, errors.size());
        RunErrorInfo failed = errors.stream().filter(e -> e.kind().equals("failed")).findFirst().orElseThrow();
        assertEquals(accountNumber(901), failed.businessKey());
        assertEquals("State", failed.field());
        assertTrue(failed.message().contains("Atlantis"), failed.message());
        RunErrorInfo skipped = errors.stream().filter(e -> e.kind().equals("skipped")).findFirst().orElseThrow();
        assertTrue(skipped.message().contains("no business key"), skipped.message());
    }
    @Test
    void anIncrementalRunWritesOnlyWhatChanged() throws Exception {
        project("p1", -1);
        assertEquals(RunStatus.COMPLETED, runs.await(runs.start("p1", "incremental", "manual", null, ADMIN).id(),
                Duration.ofSeconds(60)).status());
        sales.put(account(7, "Renamed seven", "Alaska", "Germany", "12.75"));
        sales.put(account(8, "Renamed eight", "Alabama", "Germany", "12.75"));

        RunInfo second = runs.await(runs.start("p1", "incremental", "manual", null, ADMIN).id(), Duration.ofSeconds(60));

        assertEquals(RunStatus.COMPLETED, second.status(), second.message());
        for (RunLegInfo leg : second.tasks().get(0).legs()) {
            assertEquals(0, leg.inserted(), leg.toString());
            assertEquals(2, leg.updated(), leg.toString());
            assertEquals(ACCOUNTS - 2, leg.unchanged(), leg.toString());
        }
        assertEquals("Renamed seven", ops.records("CustomersV3").get(accountNumber(7)).get("OrganizationName").asText());

        RunInfo full = runs.await(runs.start("p1", "full", "manual", null, ADMIN).id(), Duration.ofSeconds(60));
        assertEquals(ACCOUNTS, full.tasks().get(0).legs().get(0).unchanged() + full.tasks().get(0).legs().get(0).updated(),
                "a run with all data writes every record again");
    }
    @Test
    void aRecordTheTargetRefusesIsKeptAndTheOthersAreWritten() throws Exception {
        ops.failKeys.add(accountNumber(3));
        project("p1", -1);
        RunInfo run = runs.await(runs.start("p1", "incremental", "manual", null, ADMIN).id(), Duration.ofSeconds(60));
        assertEquals(RunStatus.WARNING, run.status());
        assertEquals(ACCOUNTS - 1, ops.records("CustomersV3").size());
        RunErrorInfo error = runs.errors(run.id(), 0, 10).get(0);
        assertEquals(accountNumber(3), error.businessKey());
        assertEquals("refused by the test system", error.message());
    }
    /**
     * A run whose lease ran out in the store while this node still executes it (its own writes held the renewal back)
     * is not claimed again by this node: a second attempt beside the first shared its waiters, and the first, ending,
     * took the second's registration with it, so the second's lease was never renewed.
     */
    @Test
    void aNodeDoesNotClaimAgainARunItIsStillExecuting() throws Exception {
        sales.pageDelayMillis = 3_000;
        project("p1", -1);
        RunInfo run = runs.start("p1", "incremental", "manual", null, ADMIN);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (runs.get(run.id()).orElseThrow().status() != RunStatus.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        try (java.sql.Connection c = db.connection();
             java.sql.PreparedStatement ps = c.prepareStatement("UPDATE runs SET lease_until = ? WHERE id = ?")) {
            ps.setTimestamp(1, java.sql.Timestamp.from(Instant.now().minus(Duration.ofDays(1))));
            ps.setString(2, run.id());
            assertEquals(1, ps.executeUpdate());
        }

        runs.claimWaiting();
        sales.pageDelayMillis = 0;
        RunInfo done = runs.await(run.id(), Duration.ofSeconds(60));

        assertEquals(RunStatus.COMPLETED, done.status(), done.message());
        assertEquals(ACCOUNTS, done.tasks().get(0).legs().get(1).inserted());
        try (java.sql.Connection c = db.connection();
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM run_claims WHERE run_id = ?")) {
            ps.setString(1, run.id());
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1), "claimed once");
            }
        }
    }
    @Test
    void aProjectNeverRunsTwiceAtOnce() throws Exception {
        sales.pageDelayMillis = 200;
        project("p1", -1);
        RunInfo first = runs.start("p1", "incremental", "manual", null, ADMIN);
        assertThrows(ConflictException.class, () -> runs.start("p1", "incremental", "api", null, ADMIN));
        runs.cancel(first.id(), ADMIN);
        RunInfo cancelled = runs.await(first.id(), Duration.ofSeconds(30));
        assertEquals(RunStatus.CANCELLED, cancelled.status());
        assertTrue(cancelled.message().contains("alice"));
        sales.pageDelayMillis = 0;
        assertEquals(RunStatus.COMPLETED, runs.await(runs.start("p1", "incremental", "manual", null, ADMIN).id(),
                Duration.ofSeconds(60)).status(), "the lock is released after a cancel");
    }
    @Test
    void validationNamesWhatIsWrongAndTheValidChoices() throws Exception {
        set = new ConnectionSetInfo("set1", "Test", set.connections(),
                List.of(new OrganizationMapping("USMF", Map.of("sales", "root-bu", "cds", "ORG009", "operations", "USMF"))),
                set.integrationKeys(), null, null);
        projects.put("p2", new ProjectInfo("p2", "Broken", null, "set1", "USMF", consent(), List.of(new ProjectTask("t1", "Accounts",
                List.of(new LegTemplate("sales", "account", "cds", "Account", List.of(FieldMapping.direct("AccountId", "accountnumber"),
                        FieldMapping.direct("Nope", "name")), null, List.of(), false)))), -1, Instant.now(), Instant.now()));
        RunInfo run = runs.await(runs.start("p2", "incremental", "manual", null, ADMIN).id(), Duration.ofSeconds(30));
        assertEquals(RunStatus.ERROR, run.status());
        assertTrue(run.message().contains("'ORG009' is not an organization of the 'cds' connection; valid: ORG001, ORG002"), run.message());
        assertTrue(run.message().contains("'Nope' is not a field of Account"), run.message());
        assertTrue(run.message().contains("'Name' is mandatory"), run.message());
    }
    @Test
    void businessKeyCollisionsAcrossLegalEntitiesAreRecordErrors() throws Exception {
        MemorySystem fo = new MemorySystem().entity(ops.describe("CustomersV3")).unit("USMF").unit("DEMF");
        fo.put(customer("US-001", "usmf", "Contoso US"));
        fo.put(customer("US-001", "demf", "Contoso DE"));
        fo.put(customer("US-002", "usmf", "Fabrikam"));
        extra.put("c-fo", fo);
        set = new ConnectionSetInfo("set1", "Test", Map.of("operations", "c-fo", "cds", "c-hub"), List.of(), Map.of(), null, null);
        projects.put("p3", new ProjectInfo("p3", "Customers to hub", null, "set1", null, consent(), List.of(new ProjectTask("t1",
                "Customers", List.of(new LegTemplate("operations", "CustomersV3", "cds", "Account", List.of(
                FieldMapping.direct("AccountId", "CustomerAccount"), FieldMapping.direct("Name", "OrganizationName")),
                null, List.of(), false)))), -1, Instant.now(), Instant.now()));
        RunInfo run = runs.await(runs.start("p3", "incremental", "manual", null, ADMIN).id(), Duration.ofSeconds(30));
        assertEquals(RunStatus.WARNING, run.status(), run.message());
        assertEquals(2, hub.records("Account").size());
        RunErrorInfo error = runs.errors(run.id(), 0, 10).get(0);
        assertEquals("US-001", error.businessKey());
        assertTrue(error.message().contains("collision"), error.message());
    }
}
