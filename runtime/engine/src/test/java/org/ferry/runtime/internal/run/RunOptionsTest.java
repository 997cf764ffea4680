package org.ferry.runtime.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.ferry.api.template.LegTemplate;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.ProjectTask;
import org.ferry.runtime.management.RunInfo;
import org.ferry.runtime.management.RunLegInfo;
import org.ferry.runtime.management.RunStatus;
import org.junit.jupiter.api.Test;

/** What runs can do beyond moving records: source filters, fix and replay, preview, deletions found by key set. */
class RunOptionsTest extends RunEngineFixture {
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

    @Test
    void deletionsCanDeactivateDownstreamInsteadOfDeleting() throws Exception {
        project("p1", -1);
        ProjectInfo p = projects.get("p1");
        LegTemplate first = p.tasks().get(0).legs().get(0);
        LegTemplate deactivating = new LegTemplate(first.sourceRole(), first.sourceEntity(), first.targetRole(),
                first.targetEntity(), first.mappings(), null, List.of(), true, false,
                new org.ferry.api.template.Deactivation("State", "ZZ"));
        projects.put("p1", new ProjectInfo(p.id(), p.name(), null, p.connectionSet(), p.organizationMapping(), p.consent(),
                List.of(new ProjectTask("t1", "Accounts", List.of(deactivating))), -1, p.createdAt(), p.updatedAt()));
        assertEquals(RunStatus.COMPLETED, runs.await(runs.start("p1", "incremental", "manual", null, ADMIN).id(),
                Duration.ofSeconds(60)).status());
        sales.remove("account", accountNumber(10));

        RunInfo second = runs.await(runs.start("p1", "incremental", "manual", null, ADMIN).id(), Duration.ofSeconds(60));

        assertEquals(RunStatus.COMPLETED, second.status(), second.message());
        assertEquals(1, second.tasks().get(0).legs().get(0).deleted(), "the target could not delete, but can deactivate");
        assertEquals(ACCOUNTS, hub.records("Account").size());
        assertEquals("ZZ", hub.records("Account").get(accountNumber(10)).get("State").asText());
        assertTrue(hub.records("Account").get(accountNumber(10)).get("Name").asText().startsWith("Account number 10"),
                "the rest of the record is kept");
        RunInfo third = runs.await(runs.start("p1", "incremental", "manual", null, ADMIN).id(), Duration.ofSeconds(60));
        assertEquals(0, third.tasks().get(0).legs().get(0).deleted(), "deactivated once");
    }

    @Test
    void aDeactivationFieldTheTargetLacksFailsValidation() throws Exception {
        project("p1", -1);
        ProjectInfo p = projects.get("p1");
        LegTemplate first = p.tasks().get(0).legs().get(0);
        projects.put("p1", new ProjectInfo(p.id(), p.name(), null, p.connectionSet(), p.organizationMapping(), p.consent(),
                List.of(new ProjectTask("t1", "Accounts", List.of(new LegTemplate(first.sourceRole(), first.sourceEntity(),
                        first.targetRole(), first.targetEntity(), first.mappings(), null, List.of(), true, false,
                        new org.ferry.api.template.Deactivation("statecode", "1"))))), -1, p.createdAt(), p.updatedAt()));
        RunInfo run = runs.await(runs.start("p1", "incremental", "manual", null, ADMIN).id(), Duration.ofSeconds(60));
        assertEquals(RunStatus.ERROR, run.status());
        assertTrue(run.message().contains("deactivate.field: 'statecode' is not a field of Account"), run.message());
    }
}
