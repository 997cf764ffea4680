package org.ferry.connectors.sales.internal;

import static org.ferry.connectors.sales.internal.SalesConnectorSandboxTest.open;
import static org.ferry.connectors.sales.internal.WriteByIdSandboxTest.account;
import static org.ferry.connectors.sales.internal.WriteByIdSandboxTest.accountsNamed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.EntityRecord;
import org.ferry.sandbox.SandboxOptions;
import org.ferry.testing.SandboxServer;
import org.junit.jupiter.api.Test;

/** Writes by id under the sandbox's service-protection 429s and dropped connections. */
class WriteByIdFaultsSandboxTest {
    private static final int RECORDS = 100;
    private static final int BATCH = 5;

    private static List<WriteOutcome> writeInBatches(Connection c, List<EntityRecord> records) {
        List<WriteOutcome> all = new ArrayList<>();
        for (int i = 0; i < records.size(); i += BATCH) {
            all.addAll(c.writeById("account", null, records.subList(i, Math.min(records.size(), i + BATCH))));
        }
        return all;
    }

    private static List<EntityRecord> newAccounts(String prefix) {
        List<EntityRecord> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            records.add(account(null, prefix + i));
        }
        return records;
    }

    @Test
    void throttledBatchesAreWaitedOutAndEveryRecordIsWrittenOnce() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().sampleData(false)
                .throttleRate(0.3).retryAfterSeconds(1).build());
             Connection c = open(sandbox, sandbox.clientSecret(), Map.of("batchSize", String.valueOf(BATCH)))) {
            List<WriteOutcome> created = writeInBatches(c, newAccounts("KM throttled "));
            created.forEach(o -> assertEquals(WriteOutcome.Status.INSERTED, o.status(), o.toString()));
            List<String> ids = created.stream().map(WriteOutcome::id).toList();
            assertEquals(RECORDS, Set.copyOf(ids).size());

            List<EntityRecord> renames = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                renames.add(account(ids.get(i), "KM renamed " + i));
            }
            List<WriteOutcome> updated = writeInBatches(c, renames);
            for (int i = 0; i < RECORDS; i++) {
                assertEquals(WriteOutcome.Status.UPDATED, updated.get(i).status(), updated.get(i).toString());
                assertEquals(ids.get(i), updated.get(i).id());
            }

            List<EntityRecord> back = accountsNamed(c, "KM ");
            assertEquals(RECORDS, back.size(), "no create was applied twice");
            assertEquals(Set.copyOf(ids), back.stream().map(EntityRecord::sourceId).collect(Collectors.toSet()));
            assertTrue(back.stream().allMatch(r -> r.get("name").asText().startsWith("KM renamed ")));
            assertTrue(sandbox.requestLog().count(429) > 0, "the sandbox throttled");
            assertEquals(List.of(), sandbox.requestLog().retryAfterViolations(Duration.ofMillis(200)));
        }
    }

    /**
     * The sandbox drops the connection after applying a write, so the client cannot know the creates happened. A
     * create goes to a GUID chosen for the record and only creates, so the transport sends the batch again: the
     * resend finds each record the lost attempt made, and counts it INSERTED with that GUID, never a second record.
     */
    @Test
    void aCreateWhoseAnswerWasLostIsSentAgainAndMadeExactlyOnce() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().sampleData(false).dropRate(0.3).build());
             Connection c = open(sandbox, sandbox.clientSecret(), Map.of("batchSize", String.valueOf(BATCH)))) {
            WebApiProbe api = new WebApiProbe(sandbox);
            List<WriteOutcome> created = writeInBatches(c, newAccounts("KM dropped "));
            assertTrue(sandbox.requestLog().dropped() > 0, "the sandbox dropped create batches");
            created.forEach(o -> assertEquals(WriteOutcome.Status.INSERTED, o.status(), o.toString()));
            List<String> ids = created.stream().map(WriteOutcome::id).toList();
            assertEquals(RECORDS, Set.copyOf(ids).size(), "one id per record");

            List<EntityRecord> held = accountsNamed(c, "KM dropped ");
            assertEquals(RECORDS, held.size(), "every record created once, also those whose answer was lost");
            assertEquals(Set.copyOf(ids), held.stream().map(EntityRecord::sourceId).collect(Collectors.toSet()));
            for (int i = 0; i < RECORDS; i += 17) {
                assertEquals("KM dropped " + i, api.get("accounts", ids.get(i)).path("name").asText(),
                        "the outcome's id is the record written");
            }

            long dropsBefore = sandbox.requestLog().dropped();
            List<WriteOutcome> updated = writeInBatches(c, ids.stream().map(id -> account(id, "KM kept")).toList());
            updated.forEach(o -> assertEquals(WriteOutcome.Status.UPDATED, o.status(), o.toString()));
            assertNotEquals(dropsBefore, sandbox.requestLog().dropped(), "updates were dropped too, and sent again");
            assertEquals(RECORDS, accountsNamed(c, "KM kept").size());
        }
    }
}
