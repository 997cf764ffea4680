package org.ferry.runtime.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ferry.api.connector.Connection;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.Value;
import org.ferry.api.data.ValueType;
import org.ferry.api.organization.OrganizationMapper;
import org.ferry.api.organization.OrganizationMapping;
import org.ferry.api.template.FieldMapping;
import org.ferry.api.template.LegTemplate;
import org.ferry.api.template.TransformStep;
import org.ferry.api.transform.Transform;
import org.ferry.runtime.internal.organization.ConnectionSetOrganizationMapper;
import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.management.Actor;
import org.ferry.runtime.management.ConflictException;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.Consent;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.ProjectTask;
import org.ferry.runtime.management.RunErrorInfo;
import org.ferry.runtime.management.RunInfo;
import org.ferry.runtime.management.RunLegInfo;
import org.ferry.runtime.management.RunStatus;
import org.ferry.transforms.internal.country.CountryRegionCodeTransform;
import org.ferry.transforms.internal.mapping.DefaultTransform;
import org.ferry.transforms.internal.mapping.TruncateTransform;
import org.ferry.transforms.internal.mapping.ValueMapTransform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A two-leg task (sales → hub → operations) through the real engine, the real store on Derby files
 * and the real built-in transforms: value maps, defaults, truncation, country codes and a lookup
 * through an integration key.
 */
class RunEngineTest {
    private static final Actor ADMIN = new Actor("alice", "admin");
    private static final int ACCOUNTS = 200;

    @TempDir
    Path dir;

    private Database db;
    private RunManager runs;
    private final MemorySystem sales = new MemorySystem();
    private final MemorySystem hub = new MemorySystem();
    private final MemorySystem ops = new MemorySystem();
    private final Map<String, ProjectInfo> projects = new HashMap<>();
    private ConnectionSetInfo set;

    @BeforeEach
    void setUp() throws Exception {
        sales.entity(new EntitySchema("account", "Account", List.of(FieldSchema.text("accountnumber", 20),
                FieldSchema.text("name", 160), FieldSchema.text("state", 50), FieldSchema.text("country", 80),
                FieldSchema.of("revenue", ValueType.DECIMAL), FieldSchema.lookup("transactioncurrencyid", "transactioncurrency"),
                FieldSchema.lookup("parentaccountid", "account")), List.of("accountid"), List.of(List.of("accountnumber")),
                List.of("accountnumber"), null)).unit("root-bu");
        hub.entity(new EntitySchema("Account", "Account", List.of(FieldSchema.text("AccountId", 20).asRequired(),
                FieldSchema.text("Name", 30).asRequired(), FieldSchema.text("State", 2), FieldSchema.text("Country", 3),
                FieldSchema.text("CurrencyCode", 3), FieldSchema.text("CustomerGroupId", 10),
                FieldSchema.of("Revenue", ValueType.INTEGER), FieldSchema.lookup("ParentAccount", "Account"),
                FieldSchema.text("Organization_OrganizationId", 20)), List.of("AccountId"), List.of(), List.of("AccountId"),
                "Organization_OrganizationId")).unit("ORG001").unit("ORG002");
        ops.entity(new EntitySchema("CustomersV3", "Customers", List.of(FieldSchema.text("CustomerAccount", 20).asRequired(),
                FieldSchema.text("OrganizationName", 100), FieldSchema.text("AddressCountryRegionISOCode", 2),
                FieldSchema.text("CustomerGroupId", 10).asRequired(), FieldSchema.text("SalesCurrencyCode", 3)),
                List.of("dataAreaId", "CustomerAccount"), List.of(), List.of("CustomerAccount"), "dataAreaId")).unit("USMF").unit("DEMF");
        for (int i = 0; i < ACCOUNTS; i++) {
            sales.put(account(i, "Account number " + i + " with a rather long name", i % 2 == 0 ? "Alabama" : "Alaska",
                    i % 3 == 0 ? "United States" : "Germany", "12.75"));
        }
        set = new ConnectionSetInfo("set1", "Test", Map.of("sales", "c-sales", "cds", "c-hub", "operations", "c-ops"),
                List.of(new OrganizationMapping("USMF", Map.of("sales", "root-bu", "cds", "ORG001", "operations", "USMF"))),
                Map.of("cds", Map.of("Account", List.of("AccountId"))), Instant.now(), Instant.now());
        db = new Database(dir.resolve("data"), dir.resolve("conf"));
        runs = new RunManager(new TestEnvironment(), db, new RunManager.ProjectSource() {
            @Override
            public Optional<ProjectInfo> project(String id) {
                return Optional.ofNullable(projects.get(id));
            }

            @Override
            public Optional<ConnectionSetInfo> connectionSet(String id) {
                return Optional.of(set);
            }
        }, 45);
    }

    @AfterEach
    void tearDown() {
        runs.close();
        db.close();
    }

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

    @Test
    void aSourceFilterTheSourceCannotApplyIsAppliedByTheEngine() throws Exception {
        project("p1", -1);
        ProjectInfo p = projects.get("p1");
        ProjectTask task = p.tasks().get(0);
        LegTemplate first = task.legs().get(0);
        LegTemplate filtered = new LegTemplate(first.sourceRole(), first.sourceEntity(), first.targetRole(), first.targetEntity(),
                first.mappings(), "state eq 'Alabama' and country eq 'united states'", first.businessKey(), false);
        projects.put("p1", new ProjectInfo(p.id(), p.name(), null, p.connectionSet(), p.organizationMapping(), p.consent(),
                List.of(new ProjectTask(task.id(), task.name(), List.of(filtered, task.legs().get(1)))), -1, p.createdAt(), p.updatedAt()));

        RunInfo run = runs.await(runs.start("p1", "incremental", "manual", null, ADMIN).id(), Duration.ofSeconds(60));

        assertEquals(RunStatus.COMPLETED, run.status(), run.message());
        long expected = java.util.stream.IntStream.range(0, ACCOUNTS).filter(i -> i % 2 == 0 && i % 3 == 0).count();
        assertEquals(expected, run.tasks().get(0).legs().get(0).inserted());
        assertEquals(ACCOUNTS - expected, run.tasks().get(0).legs().get(0).skipped());
        assertEquals(expected, ops.records("CustomersV3").size());
        assertEquals(0, runs.errors(run.id(), 0, 10).size(), "filtered records are not errors");
    }

    @Test
    void aWrongFilterFailsValidationPointingAtTheToken() throws Exception {
        project("p1", -1);
        ProjectInfo p = projects.get("p1");
        ProjectTask task = p.tasks().get(0);
        LegTemplate first = task.legs().get(0);
        projects.put("p1", new ProjectInfo(p.id(), p.name(), null, p.connectionSet(), p.organizationMapping(), p.consent(),
                List.of(new ProjectTask(task.id(), task.name(), List.of(new LegTemplate(first.sourceRole(), first.sourceEntity(),
                        first.targetRole(), first.targetEntity(), first.mappings(), "stat eq 'x'", List.of(), false)))),
                -1, p.createdAt(), p.updatedAt()));
        RunInfo run = runs.await(runs.start("p1", "incremental", "manual", null, ADMIN).id(), Duration.ofSeconds(60));
        assertEquals(RunStatus.ERROR, run.status());
        assertTrue(run.message().contains("filter: unknown field 'stat' of account at position 0"), run.message());
    }

    @Test
    void retryFailedWritesOnlyTheRecordsThatFailedOnceTheyAreFixed() throws Exception {
        ops.failKeys.add(accountNumber(3));
        ops.failKeys.add(accountNumber(4));
        project("p1", -1);
        RunInfo first = runs.await(runs.start("p1", "incremental", "manual", null, ADMIN).id(), Duration.ofSeconds(60));
        assertEquals(RunStatus.WARNING, first.status());
        ops.failKeys.clear();

        RunInfo replay = runs.await(runs.retryFailed(first.id(), ADMIN).id(), Duration.ofSeconds(60));

        assertEquals(RunStatus.COMPLETED, replay.status(), replay.message());
        assertEquals("replay", replay.mode());
        assertEquals(first.id(), replay.rerunOf(), "the history links the replay to its run");
        assertEquals("SKIPPED", replay.tasks().get(0).legs().get(0).status(), "nothing failed in the first leg");
        RunLegInfo second = replay.tasks().get(0).legs().get(1);
        assertEquals(2, second.read());
        assertEquals(2, second.inserted());
        assertEquals(ACCOUNTS, ops.records("CustomersV3").size());
        assertThrows(org.ferry.api.error.ConfigurationException.class, () -> runs.retryFailed(replay.id(), ADMIN),
                "a run without failures has nothing to retry");
        RunInfo again = runs.await(runs.rerun(replay.id(), ADMIN).id(), Duration.ofSeconds(60));
        assertEquals("replay", again.mode());
        assertEquals(first.id(), again.rerunOf(), "re-running a replay replays the original run's failures again");
        assertEquals(2, again.tasks().get(0).legs().get(1).read());
    }

    @Test
    void previewShowsMappedRecordsAndTheirErrorsWithoutWriting() throws Exception {
        sales.put(account(2, "Bad state", "Atlantis", "Germany", "1"));
        project("p1", -1);

        List<org.ferry.runtime.management.PreviewRecord> preview = runs.preview("p1", "t1", 1000);

        assertEquals(Previewer.MAX_LIMIT, preview.size(), "capped; the hub is empty, so only the first leg has records");
        org.ferry.runtime.management.PreviewRecord ok = preview.get(1);
        assertEquals("ok", ok.status());
        assertEquals(accountNumber(1), ok.businessKey());
        assertEquals("AK", ok.mapped().get("State"));
        assertEquals("Alaska", ok.source().get("state"));
        org.ferry.runtime.management.PreviewRecord bad = preview.get(2);
        assertEquals("failed", bad.status());
        assertEquals("State", bad.field());
        assertTrue(bad.message().contains("Atlantis"));
        assertEquals(0, hub.records("Account").size(), "nothing written");
        assertEquals(5, runs.preview("p1", "t1", 5).size());
    }

    @Test
    void deletionsAtASourceWithoutChangeTrackingAreFoundByKeySetAndPropagated() throws Exception {
        hub.deletable = true;
        ops.deletable = true;
        project("p1", -1);
        ProjectInfo p = projects.get("p1");
        ProjectTask task = p.tasks().get(0);
        List<LegTemplate> legs = task.legs().stream().map(l -> new LegTemplate(l.sourceRole(), l.sourceEntity(), l.targetRole(),
                l.targetEntity(), l.mappings(), null, List.of(), true)).toList();
        projects.put("p1", new ProjectInfo(p.id(), p.name(), null, p.connectionSet(), p.organizationMapping(), p.consent(),
                List.of(new ProjectTask(task.id(), task.name(), legs)), -1, p.createdAt(), p.updatedAt()));
        assertEquals(RunStatus.COMPLETED, runs.await(runs.start("p1", "incremental", "manual", null, ADMIN).id(),
                Duration.ofSeconds(60)).status());
        for (int i = 10; i < 13; i++) {
            sales.remove("account", accountNumber(i));
        }

        RunInfo second = runs.await(runs.start("p1", "incremental", "manual", null, ADMIN).id(), Duration.ofSeconds(60));

        assertEquals(RunStatus.COMPLETED, second.status(), second.message());
        assertEquals(3, second.tasks().get(0).legs().get(0).deleted());
        assertEquals(3, second.tasks().get(0).legs().get(1).deleted(), "the hub's deletion reaches the destination");
        assertEquals(ACCOUNTS - 3, ops.records("CustomersV3").size());
        assertTrue(!ops.records("CustomersV3").containsKey(accountNumber(11)));

        for (int i = 20; i < 150; i++) {
            sales.remove("account", accountNumber(i));
        }
        RunInfo third = runs.await(runs.start("p1", "incremental", "manual", null, ADMIN).id(), Duration.ofSeconds(60));
        assertEquals(0, third.tasks().get(0).legs().get(0).deleted(), "a mass disappearance is not taken for deletions");
        assertTrue(runs.errors(third.id(), 0, 10).get(0).message().contains("not deleting 130 of 197"),
                runs.errors(third.id(), 0, 10).get(0).message());
        assertEquals(ACCOUNTS - 3, ops.records("CustomersV3").size());
    }

    private final Map<String, MemorySystem> extra = new HashMap<>();

    private void project(String id, int tolerance) {
        List<FieldMapping> toHub = List.of(
                FieldMapping.direct("AccountId", "accountnumber"),
                new FieldMapping("Name", "name", List.of(new TransformStep("Truncate", Map.of()))),
                new FieldMapping("State", "state", List.of(TransformStep.valueMap(Map.of("Alabama", "AL", "Alaska", "AK")))),
                new FieldMapping("Country", "country", List.of(new TransformStep("CountryRegionCode", Map.of("to", "alpha3")))),
                FieldMapping.direct("CurrencyCode", "transactioncurrencyid.isocurrencycode"),
                new FieldMapping("CustomerGroupId", null, List.of(TransformStep.defaultValue("10"))),
                FieldMapping.direct("Revenue", "revenue"),
                FieldMapping.direct("ParentAccount", "parentaccountid.accountnumber"));
        List<FieldMapping> toOps = List.of(
                FieldMapping.direct("CustomerAccount", "AccountId"),
                FieldMapping.direct("OrganizationName", "Name"),
                new FieldMapping("AddressCountryRegionISOCode", "Country", List.of(new TransformStep("CountryRegionCode", Map.of("to", "alpha2")))),
                FieldMapping.direct("CustomerGroupId", "CustomerGroupId"),
                FieldMapping.direct("SalesCurrencyCode", "CurrencyCode"));
        projects.put(id, new ProjectInfo(id, "Accounts (Sales to Fin and Ops)", null, "set1", "USMF", consent(),
                List.of(new ProjectTask("t1", "Accounts", List.of(
                        new LegTemplate("sales", "account", "cds", "Account", toHub, null, List.of(), false),
                        new LegTemplate("cds", "Account", "operations", "CustomersV3", toOps, null, List.of(), false)))),
                tolerance, Instant.now(), Instant.now()));
    }

    private static Consent consent() {
        return new Consent(true, "alice", Instant.now(), Consent.TEXT_VERSION);
    }

    private static String accountNumber(int i) {
        return String.format("ACC-%05d", i);
    }

    private static EntityRecord account(int i, String name, String state, String country, String revenue) {
        return EntityRecord.builder("account").key(BusinessKey.of("accountnumber", accountNumber(i))).sourceId("guid-" + i)
                .text("accountnumber", accountNumber(i)).text("name", name).text("state", state).text("country", country)
                .set("revenue", Value.decimal(new BigDecimal(revenue)))
                .set("transactioncurrencyid", Value.reference("transactioncurrency", BusinessKey.of("isocurrencycode", "USD")))
                .set("parentaccountid", i == 0 ? null : Value.reference("account", BusinessKey.of("accountnumber", accountNumber(0))))
                .build();
    }

    private static EntityRecord customer(String id, String company, String name) {
        return EntityRecord.builder("CustomersV3").key(BusinessKey.of(Map.of("dataAreaId", company, "CustomerAccount", id)))
                .organization(company).text("CustomerAccount", id).text("OrganizationName", name).text("CustomerGroupId", "10").build();
    }

    private final class TestEnvironment implements RunEnvironment {
        private final Map<String, Transform> transforms = new HashMap<>();

        TestEnvironment() {
            for (Transform t : List.of(new DefaultTransform(), new ValueMapTransform(), new TruncateTransform(),
                    new CountryRegionCodeTransform())) {
                transforms.put(t.type(), t);
            }
        }

        @Override
        public Optional<Transform> transform(String type) {
            return Optional.ofNullable(transforms.get(type));
        }

        @Override
        public Optional<OrganizationMapper> organizationMapper(String name) {
            return Optional.of(new ConnectionSetOrganizationMapper());
        }

        @Override
        public boolean deployed(String connectorType) {
            return true;
        }

        @Override
        public String connectorType(String connectionId) {
            return "memory";
        }

        @Override
        public Connection open(String connectionId) {
            return switch (connectionId) {
                case "c-sales" -> sales;
                case "c-hub" -> hub;
                case "c-ops" -> ops;
                default -> Optional.ofNullable(extra.get(connectionId)).orElseThrow();
            };
        }
    }

    static List<String> keys(Map<String, EntityRecord> records) {
        return new ArrayList<>(records.keySet());
    }

    static void unused() {
        assertNull(null);
    }
}
