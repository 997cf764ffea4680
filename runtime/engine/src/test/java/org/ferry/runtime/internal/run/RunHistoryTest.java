package org.ferry.runtime.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.ferry.api.error.ConnectorException;
import org.ferry.api.template.FieldMapping;
import org.ferry.api.template.LegTemplate;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.ProjectTask;
import org.ferry.runtime.management.RunErrorInfo;
import org.ferry.runtime.management.RunInfo;
import org.ferry.runtime.management.RunQuery;
import org.ferry.runtime.management.RunStatus;
import org.junit.jupiter.api.Test;

/**
 * The history as an operator reads it: runs across projects by status, project, trigger and time; a run that
 * ended before any record says why among its errors; a record without a business key is named by its source id.
 */
class RunHistoryTest extends RunEngineFixture {

    @Test
    void runsAcrossProjectsAreFilteredByStatusProjectTriggerAndTimeNewestFirst() throws Exception {
        project("p1", -1);
        brokenProject("p2");
        RunInfo first = run("p1", "manual");
        Thread.sleep(20);
        Instant between = Instant.now();
        Thread.sleep(20);
        RunInfo broken = run("p2", "api");
        RunInfo second = run("p1", "schedule");

        assertEquals(List.of(second.id(), broken.id(), first.id()), ids(RunQuery.all(), 0, 10));
        assertEquals(List.of(broken.id()), ids(new RunQuery(Set.of(RunStatus.ERROR), null, null, null, null), 0, 10));
        assertEquals(List.of(second.id(), broken.id()),
                ids(new RunQuery(Set.of(RunStatus.ERROR, RunStatus.COMPLETED), null, null, between, null), 0, 10));
        assertEquals(List.of(second.id(), first.id()), ids(new RunQuery(Set.of(), "p1", null, null, null), 0, 10));
        assertEquals(List.of(second.id()), ids(new RunQuery(Set.of(), "p1", "schedule", null, null), 0, 10));
        assertEquals(List.of(first.id()), ids(new RunQuery(Set.of(), null, null, null, between), 0, 10));
        assertEquals(List.of(), ids(new RunQuery(Set.of(RunStatus.WARNING), null, null, null, null), 0, 10));
        assertEquals(List.of(broken.id()), ids(RunQuery.all(), 1, 1), "paged");
    }

    @Test
    void aRunThatCouldNotStartNamesEachProblemAmongItsErrors() throws Exception {
        brokenProject("p2");

        RunInfo run = run("p2", "api");

        assertEquals(RunStatus.ERROR, run.status());
        List<RunErrorInfo> errors = runs.errors(run.id(), 0, 100);
        RunErrorInfo unknownField = errors.stream().filter(e -> "Nope".equals(e.field())).findFirst().orElseThrow();
        assertEquals("run", unknownField.kind());
        assertEquals("Accounts", unknownField.task());
        assertTrue(unknownField.message().contains("'Nope' is not a field of Account"), unknownField.message());
        assertTrue(errors.stream().allMatch(e -> e.kind().equals("run") && e.businessKey() == null && e.sourceId() == null),
                errors.toString());
    }

    @Test
    void aLegWhoseSourceFailsBeforeAnyRecordSaysSoAmongTheRunsErrors() throws Exception {
        sales.readFailure = new ConnectorException("the service answered 503 Service Unavailable");
        project("p1", -1);

        RunInfo run = run("p1", "manual");

        assertEquals(RunStatus.ERROR, run.status(), run.message());
        List<RunErrorInfo> errors = runs.errors(run.id(), 0, 100);
        assertEquals(1, errors.size(), errors.toString());
        RunErrorInfo error = errors.get(0);
        assertEquals("run", error.kind());
        assertEquals("Accounts", error.task());
        assertEquals("sales:account -> cds:Account", error.leg());
        assertTrue(error.message().contains("503 Service Unavailable"), error.message());
        assertEquals(run.message(), error.message(), "the same words as the run's message");
    }

    @Test
    void aRecordWithoutABusinessKeyIsNamedByItsSourceId() throws Exception {
        sales.put(account(900, "No number", "Alabama", "Germany", "1").toBuilder().text("accountnumber", null).key(null)
                .sourceId("guid-without-number").build());
        sales.put(account(901, "Bad state", "Atlantis", "Germany", "1"));
        project("p1", -1);

        RunInfo run = run("p1", "manual");

        List<RunErrorInfo> errors = runs.errors(run.id(), 0, 100);
        RunErrorInfo skipped = errors.stream().filter(e -> e.kind().equals("skipped")).findFirst().orElseThrow();
        assertNull(skipped.businessKey(), "a source id is not a business key");
        assertEquals("guid-without-number", skipped.sourceId());
        assertTrue(skipped.message().contains("no business key"), skipped.message());
        RunErrorInfo failed = errors.stream().filter(e -> e.kind().equals("failed")).findFirst().orElseThrow();
        assertEquals(accountNumber(901), failed.businessKey());
        assertNull(failed.sourceId(), "a record with a business key is named by it");
    }

    private RunInfo run(String project, String trigger) throws InterruptedException {
        return runs.await(runs.start(project, "incremental", trigger, null, ADMIN).id(), Duration.ofSeconds(60));
    }

    private List<String> ids(RunQuery query, int offset, int limit) {
        return runs.runs(query, offset, limit).stream().map(RunInfo::id).toList();
    }

    private void brokenProject(String id) {
        projects.put(id, new ProjectInfo(id, "Broken", null, "set1", "USMF", consent(), List.of(new ProjectTask("t1", "Accounts",
                List.of(new LegTemplate("sales", "account", "cds", "Account", List.of(FieldMapping.direct("AccountId", "accountnumber"),
                        FieldMapping.direct("Nope", "name")), null, List.of(), false)))), -1, Instant.now(), Instant.now()));
    }
}
