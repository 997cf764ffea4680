package org.ferry.runtime.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.runtime.internal.events.ChangeBus;
import org.ferry.runtime.management.ChangeEvent;
import org.ferry.runtime.management.RunErrorGroup;
import org.ferry.runtime.management.RunErrorInfo;
import org.ferry.runtime.management.RunErrorQuery;
import org.ferry.runtime.management.RunInfo;
import org.ferry.runtime.management.RunLegInfo;
import org.ferry.runtime.management.RunStatus;
import org.junit.jupiter.api.Test;

/**
 * Failure triage of a run of any size, through the real engine and store: 1,200 records failing for one cause
 * (countries the transform does not know, each a different value) make one group with its count and first keys;
 * the target's refusals make another; errors are found by business key, listed by group with a total, exported in
 * chunks; each keeps the record as read (a secret-looking field masked) and, where it was mapped, the values sent.
 * The run's changes are told as they happen, with the source's count as each leg's total.
 */
class RunTriageTest extends RunEngineFixture {
    private static final int UNKNOWN_COUNTRIES = 1200;

    @Test
    void thousandsOfFailuresOfOneCauseAreOneGroupFoundByKeyAndExportedWhole() throws Exception {
        for (int i = 0; i < UNKNOWN_COUNTRIES; i++) {
            sales.put(account(1000 + i, "Lost " + i, "Alabama", "Atlantis " + i, "1.00"));
        }
        sales.put(account(5000, "Has a secret", "Alaska", "Germany", "2.00").toBuilder()
                .text("api_token", "hunter2-token-value").build());
        hub.failKeys.addAll(List.of(accountNumber(3), accountNumber(4), accountNumber(5)));
        project("p1", -1);
        List<ChangeEvent> told = new CopyOnWriteArrayList<>();
        ChangeBus bus = new ChangeBus();
        bus.subscribe(told::add);
        runs.tellChangesTo(bus);

        RunInfo run = runs.await(runs.start("p1", "incremental", "manual", ADMIN).id(), Duration.ofSeconds(120));

        assertEquals(RunStatus.WARNING, run.status(), run.message());
        assertEquals("alice", run.startedBy());
        assertEquals("manual", run.trigger());
        List<RunErrorGroup> groups = runs.errorGroups(run.id(), 10);
        RunErrorGroup countries = groups.get(0);
        assertEquals(UNKNOWN_COUNTRIES, countries.count(), groups.toString());
        assertEquals("Country", countries.field());
        assertEquals("failed", countries.kind());
        assertTrue(countries.message().startsWith("'…' is not a country"), countries.message());
        assertEquals(List.of(accountNumber(1000), accountNumber(1001), accountNumber(1002), accountNumber(1003),
                accountNumber(1004)), countries.sampleKeys());
        assertTrue(countries.example().startsWith("'Atlantis 0' is not a country"), countries.example());
        RunErrorGroup refused = groups.stream().filter(g -> g.message().contains("refused by the test system")).findFirst()
                .orElseThrow(() -> new AssertionError(groups.toString()));
        assertEquals(3, refused.count());

        RunErrorQuery group = RunErrorQuery.exactly(countries.task(), countries.leg(), countries.field(), countries.kind(),
                countries.pattern());
        assertEquals(UNKNOWN_COUNTRIES, runs.errorCount(run.id(), group));
        assertEquals(200, runs.errors(run.id(), group, 1000, 500).size(), "the last page of the group");
        assertEquals(0, runs.errorCount(run.id(), RunErrorQuery.exactly(countries.task(), countries.leg(), null,
                countries.kind(), countries.pattern())), "exact: a group without a field is another group");

        List<RunErrorInfo> found = runs.errors(run.id(), new RunErrorQuery(null, null, null, "acc-01950", null, null), 0, 10);
        assertEquals(1, found.size(), "a business key, in any case");
        RunErrorInfo lost = found.get(0);
        assertEquals("Atlantis 950", lost.source().get("country"), lost.toString());
        assertEquals(accountNumber(1950), lost.source().get("accountnumber"));
        assertNull(lost.written(), "it failed before it was mapped");
        assertEquals(1, runs.errorCount(run.id(), new RunErrorQuery(null, null, null, "Atlantis 950'", null, null)),
                "words of the message");

        RunErrorInfo refusedRecord = runs.errors(run.id(), RunErrorQuery.exactly(refused.task(), refused.leg(),
                refused.field(), refused.kind(), refused.pattern()), 0, 1).get(0);
        assertEquals(accountNumber(3), refusedRecord.businessKey());
        assertEquals(accountNumber(3), refusedRecord.written().get("AccountId"), "the values sent: " + refusedRecord);
        assertEquals("AK", refusedRecord.written().get("State"), "mapped through the value map");
        assertEquals("Alaska", refusedRecord.source().get("state"));

        List<RunErrorInfo> exported = new ArrayList<>();
        runs.eachError(run.id(), new RunErrorQuery(null, null, null, null, null, "failed"), exported::add);
        assertEquals(UNKNOWN_COUNTRIES + 3, exported.size(), "every failure, across chunks of 1,000");
        assertEquals(exported.size(), exported.stream().map(e -> e.businessKey()).distinct().count(), "each once");

        List<RunErrorInfo> all = new ArrayList<>();
        runs.eachError(run.id(), RunErrorQuery.all(), all::add);
        assertFalse(all.toString().contains("hunter2"), "a secret-looking field is never kept");

        List<String> actions = told.stream().filter(e -> e.id().equals(run.id())).map(ChangeEvent::action).toList();
        assertEquals("queued", actions.get(0), actions.toString());
        assertEquals("started", actions.get(1), actions.toString());
        assertTrue(actions.contains("progress"), actions.toString());
        assertEquals("finished", actions.get(actions.size() - 1), actions.toString());
        RunInfo last = (RunInfo) told.get(told.size() - 1).data();
        RunLegInfo first = last.tasks().get(0).legs().get(0);
        assertEquals(Long.valueOf(ACCOUNTS + UNKNOWN_COUNTRIES + 1), first.total(), first.toString());
        assertEquals(first.total().longValue(), first.read());
    }

    @Test
    void aReplayExplainsTheLegItLeftOut() throws Exception {
        sales.put(account(7000, "Lost", "Alabama", "Atlantis", "1.00"));
        project("p1", -1);
        RunInfo run = runs.await(runs.start("p1", "incremental", "api", ADMIN).id(), Duration.ofSeconds(60));
        sales.put(account(7000, "Found", "Alabama", "Germany", "1.00"));

        RunInfo replay = runs.await(runs.retryFailed(run.id(), ADMIN).id(), Duration.ofSeconds(60));

        assertEquals(RunStatus.COMPLETED, replay.status(), replay.message());
        RunLegInfo second = replay.tasks().get(0).legs().get(1);
        assertEquals("SKIPPED", second.status());
        assertTrue(second.note().contains("no record of this leg failed"), second.note());
        assertNull(replay.tasks().get(0).legs().get(0).total(), "a replay counts only what it retries: no total");
    }

    @Test
    void messagesOfOneCauseShareAPattern() {
        assertEquals("'…' is not a country", MessagePattern.of("'Atlantis' is not a country"));
        assertEquals(MessagePattern.of("'Mu' is not a country"), MessagePattern.of("'Lemuria 7' is not a country"));
        assertEquals("value # is longer than # characters", MessagePattern.of("value 1234.5 is longer  than 20 characters"));
        assertEquals("record # failed: HTTP #", MessagePattern.of("record ACC-0042 failed: HTTP 400"));
        assertEquals(MessagePattern.MAX, MessagePattern.of("x".repeat(5000)).length());
    }

    @Test
    void aKeptRecordIsBoundedAndMasksSecrets() {
        EntityRecord.Builder b = EntityRecord.builder("account").key(BusinessKey.of("accountnumber", "A-1"))
                .text("accountnumber", "A-1").text("Password", "p4ss").text("clientSecret", "s3cret").text("long", "y".repeat(900));
        for (int i = 0; i < 100; i++) {
            b.text("field" + i, "value \"" + i + "\" " + "z".repeat(60));
        }
        Map<String, String> snapshot = RecordSnapshot.of(b.build());
        assertEquals(RecordSnapshot.MASK, snapshot.get("Password"));
        assertEquals(RecordSnapshot.MASK, snapshot.get("clientSecret"));
        assertEquals(RecordSnapshot.MAX_VALUE, snapshot.get("long").length());
        String json = RecordSnapshot.json(snapshot);
        assertTrue(json.length() <= RecordSnapshot.MAX_CHARS, json.length() + " characters");
        Map<String, String> back = RecordSnapshot.parse(json);
        assertEquals("A-1", back.get("accountnumber"));
        assertTrue(back.get(RecordSnapshot.MORE).endsWith("more field(s) not kept"), back.get(RecordSnapshot.MORE));
        assertFalse(json.contains("p4ss") || json.contains("s3cret"));
    }
}
