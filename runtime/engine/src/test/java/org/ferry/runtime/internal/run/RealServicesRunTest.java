package org.ferry.runtime.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.ferry.api.connector.ReadRequest;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.organization.OrganizationMapping;
import org.ferry.api.template.LegTemplate;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.ProjectTask;
import org.ferry.runtime.management.RunErrorInfo;
import org.ferry.runtime.management.RunInfo;
import org.ferry.runtime.management.RunLegInfo;
import org.ferry.runtime.management.RunStatus;
import org.junit.jupiter.api.Test;

/**
 * What the engine does for sources and targets as real services are (issue 14): it reads only what a leg needs and
 * names the keys its lookups are read by, plans incremental reads per entity, starts over when a checkpoint is
 * refused without writing anything twice, records what readers say of their reads, and checks keys and filters at
 * validate time.
 */
class RealServicesRunTest extends RunEngineFixture {

    private RunInfo run(String mode) throws Exception {
        return runs.await(runs.start("p1", mode, "manual", null, ADMIN).id(), Duration.ofSeconds(60));
    }

    private List<RunErrorInfo> warnings(RunInfo run) {
        return runs.errors(run.id(), 0, 100).stream().filter(e -> "warning".equals(e.kind())).toList();
    }

    private void replaceFirstLeg(java.util.function.UnaryOperator<LegTemplate> change) {
        ProjectInfo p = projects.get("p1");
        ProjectTask task = p.tasks().get(0);
        projects.put("p1", new ProjectInfo(p.id(), p.name(), null, p.connectionSet(), p.organizationMapping(), p.consent(),
                List.of(new ProjectTask(task.id(), task.name(), List.of(change.apply(task.legs().get(0)), task.legs().get(1)))),
                -1, p.createdAt(), p.updatedAt()));
    }

    private static LegTemplate with(LegTemplate l, String filter, List<String> key, boolean deletes) {
        return new LegTemplate(l.sourceRole(), l.sourceEntity(), l.targetRole(), l.targetEntity(), l.mappings(), filter,
                key, deletes, l.keyMap(), l.deactivation());
    }

    @Test
    void readsOnlyTheMappedFieldsAndNamesTheKeysItsLookupsAreReadBy() throws Exception {
        project("p1", -1);
        assertEquals(RunStatus.COMPLETED, run("incremental").status());
        ReadRequest read = sales.reads.get(0);
        assertEquals(List.of("accountnumber", "name", "state", "country", "transactioncurrencyid", "revenue",
                "parentaccountid"), read.fields());
        assertEquals(List.of("isocurrencycode"), read.lookupKey("transactioncurrencyid", "transactioncurrency"));
        assertEquals(List.of("accountnumber"), read.lookupKey("parentaccountid", "account"));
    }

    @Test
    void aRefusedCheckpointStartsOverWithAFullReadThatWritesNothingTwiceAndFindsDeletions() throws Exception {
        sales.tracked = true;
        hub.deletable = true;
        project("p1", -1);
        replaceFirstLeg(l -> with(l, null, List.of(), true));
        RunInfo first = run("incremental");
        assertEquals(RunStatus.COMPLETED, first.status(), first.message());
        assertEquals(ACCOUNTS, first.tasks().get(0).legs().get(0).inserted());

        sales.put(account(7, "Renamed", "Alabama", "Germany", "1"));
        sales.remove("account", org.ferry.api.data.BusinessKey.of("accountnumber", accountNumber(9)).asText());
        RunInfo delta = run("incremental");
        RunLegInfo leg = delta.tasks().get(0).legs().get(0);
        assertEquals(2, leg.read(), "a delta: one change, one deletion");
        assertEquals(1, leg.deleted());

        sales.put(account(8, "Renamed too", "Alabama", "Germany", "1"));
        sales.remove("account", org.ferry.api.data.BusinessKey.of("accountnumber", accountNumber(10)).asText());
        sales.refuseCheckpoints = true;
        RunInfo resync = run("incremental");
        assertEquals(RunStatus.COMPLETED, resync.status(), resync.message());
        leg = resync.tasks().get(0).legs().get(0);
        assertEquals(ACCOUNTS - 2, leg.read(), "everything read again");
        assertEquals(1, leg.updated(), "only the change is written");
        assertEquals(ACCOUNTS - 3, leg.unchanged());
        assertEquals(0, leg.inserted());
        assertEquals(1, leg.deleted(), "the deletion the refused checkpoint would have reported");
        assertEquals(ACCOUNTS - 2, hub.records("Account").size());
        List<RunErrorInfo> warnings = warnings(resync);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).message().contains("refused the checkpoint"), warnings.get(0).message());
        assertTrue(warnings.get(0).message().contains("Please perform a full sync"), warnings.get(0).message());

        sales.refuseCheckpoints = false;
        RunInfo after = run("incremental");
        assertEquals(0, after.tasks().get(0).legs().get(0).read(), "the full read left a new checkpoint");
    }

    @Test
    void changeTrackingIsPlannedPerEntity() throws Exception {
        sales.tracked = true;
        sales.untracked.add("account");
        project("p1", -1);
        run("incremental");
        run("incremental");
        assertEquals(2, sales.reads.size());
        assertNull(sales.reads.get(1).checkpoint(), "an entity without change tracking is read fully every time");
        assertEquals(ACCOUNTS, run("incremental").tasks().get(0).legs().get(0).unchanged());
    }

    @Test
    void whatAReaderSaysOfItsReadIsAWarningOfTheRun() throws Exception {
        sales.readWarnings = List.of("table 'account' is not enabled for change tracking");
        project("p1", -1);
        RunInfo run = run("incremental");
        assertEquals(RunStatus.COMPLETED, run.status(), "a warning is not a failure");
        List<RunErrorInfo> warnings = warnings(run);
        assertEquals(1, warnings.size());
        assertEquals("table 'account' is not enabled for change tracking", warnings.get(0).message());
        assertNull(warnings.get(0).businessKey());
    }

    @Test
    void aFilterTheSourceWouldRefuseFailsValidation() throws Exception {
        sales.pushdown = true;
        sales.refusedFilterTokens.add("contains(");
        project("p1", -1);
        replaceFirstLeg(l -> with(l, "contains(name,'x')", List.of(), false));
        RunInfo run = run("incremental");
        assertEquals(RunStatus.ERROR, run.status());
        assertTrue(run.message().contains("'contains(' at position 1"), run.message());
    }

    @Test
    void aTargetKeyThatIsNoKeyOfTheTargetNeedsAnIntegrationKey() throws Exception {
        project("p1", -1);
        replaceFirstLeg(l -> with(l, null, List.of("Name"), false));
        RunInfo refused = run("incremental");
        assertEquals(RunStatus.ERROR, refused.status());
        assertTrue(refused.message().contains("Account of the 'cds' connection has no Active alternate key on (Name)")
                && refused.message().contains("integration key"), refused.message());

        set = new ConnectionSetInfo(set.id(), set.name(), set.connections(), set.organizationMappings(),
                Map.of("cds", Map.of("Account", List.of("Name"))), Instant.now(), Instant.now());
        RunInfo accepted = run("incremental");
        assertTrue(accepted.status() == RunStatus.COMPLETED || accepted.status() == RunStatus.WARNING, accepted.message());
    }

    @Test
    void aLegWithoutItsOwnKeyIsKeyedByTheTargetsIntegrationKey() throws Exception {
        // the hub's Account as a system without alternate keys would describe it
        hub.entity(new EntitySchema("Account", "Account", hubAccountFields(), List.of("Id"), List.of(), List.of(),
                "Organization_OrganizationId"));
        set = new ConnectionSetInfo(set.id(), set.name(), set.connections(), set.organizationMappings(), Map.of(),
                Instant.now(), Instant.now());
        project("p1", -1);
        RunInfo refused = run("incremental");
        assertEquals(RunStatus.ERROR, refused.status(), "no key at all");
        assertTrue(refused.message().contains("Account has no alternate key in the destination"), refused.message());
        set = new ConnectionSetInfo(set.id(), set.name(), set.connections(), List.of(new OrganizationMapping("USMF",
                Map.of("sales", "root-bu", "cds", "ORG001", "operations", "USMF"))),
                Map.of("cds", Map.of("Account", List.of("AccountId"))), Instant.now(), Instant.now());
        RunInfo run = run("incremental");
        assertEquals(RunStatus.COMPLETED, run.status(), run.message());
        assertEquals(ACCOUNTS, hub.records("Account").size());
    }

    @Test
    void aLookupPathMustReadAFieldTheRelatedEntityHas() throws Exception {
        sales.entity(new EntitySchema("transactioncurrency", "Currency", List.of(FieldSchema.text("code", 5)),
                List.of("transactioncurrencyid"), List.of(), List.of(), null));
        project("p1", -1);
        RunInfo run = run("incremental");
        assertEquals(RunStatus.ERROR, run.status());
        assertTrue(run.message().contains("reads 'isocurrencycode' of transactioncurrency, which is not a field"),
                run.message());
    }

    private List<FieldSchema> hubAccountFields() {
        return hub.describe("Account").fields();
    }
}
