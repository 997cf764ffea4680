package org.ferry.connectors.sales.internal;

import static org.ferry.connectors.sales.internal.SalesConnectorSandboxTest.account;
import static org.ferry.connectors.sales.internal.SalesConnectorSandboxTest.open;
import static org.ferry.connectors.sales.internal.SalesConnectorSandboxTest.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.EntityRecord;
import org.ferry.sandbox.SandboxOptions;
import org.ferry.testing.SandboxServer;
import org.junit.jupiter.api.Test;

/**
 * Dataverse writes under a whole {@code $batch} answered 500 and under answers that stall after their headers.
 * Every part is an upsert by key or a create-only write to a GUID chosen for the record, so the transport sends the
 * whole batch again, and a create that finds its GUID taken is the lost attempt's record.
 */
class BatchFaultsSandboxTest {
    private static final int RECORDS = 60;
    private static final int PER_CALL = 10;

    private static List<WriteOutcome> inCalls(List<EntityRecord> records, Function<List<EntityRecord>, List<WriteOutcome>> call) {
        List<WriteOutcome> all = new ArrayList<>();
        for (int i = 0; i < records.size(); i += PER_CALL) {
            all.addAll(call.apply(records.subList(i, Math.min(records.size(), i + PER_CALL))));
        }
        return all;
    }

    private static void writeOnce(SandboxServer sandbox, Connection c, String prefix) {
        List<EntityRecord> byKey = new ArrayList<>();
        List<EntityRecord> byId = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            byKey.add(account(prefix + "K-" + i, prefix + " key " + i));
            byId.add(WriteByIdSandboxTest.account(null, prefix + " id " + i));
        }
        inCalls(byKey, r -> c.upsert("account", null, r))
                .forEach(o -> assertEquals(WriteOutcome.Status.INSERTED, o.status(), o.toString()));
        List<WriteOutcome> created = inCalls(byId, r -> c.writeById("account", null, r));
        created.forEach(o -> assertEquals(WriteOutcome.Status.INSERTED, o.status(), o.toString()));

        List<EntityRecord> back = readAll(c, new ReadRequest("account", List.of("name", "accountnumber"), null, null,
                null, 5000), null).stream().filter(r -> r.get("name").asText().startsWith(prefix)).toList();
        assertEquals(2 * RECORDS, back.size(), "every record once");
        assertEquals(2 * RECORDS, back.stream().map(r -> r.get("name").asText()).distinct().count());
        assertEquals(created.stream().map(WriteOutcome::id).collect(Collectors.toSet()), back.stream()
                .filter(r -> r.get("name").asText().startsWith(prefix + " id ")).map(EntityRecord::sourceId)
                .collect(Collectors.toSet()), "the outcomes name the records written");
        assertEquals(List.of(), sandbox.requestLog().retryAfterViolations(Duration.ofMillis(200)));
    }

    /** The first of every two batches fails whole, so every call's batch is answered 500 once, then applied. */
    @Test
    void aWholeBatchAnswered500OnceIsSentAgainAndWritesEveryRecordOnce() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().sampleData(false).batchFailureEvery(2)
                // accounts through $batch, the path these faults are about
                .bulkUnsupported(java.util.Set.of("account")).build());
             Connection c = open(sandbox, sandbox.clientSecret(), Map.of("batchSize", String.valueOf(PER_CALL)))) {
            writeOnce(sandbox, c, "B500");
            assertEquals(2L * RECORDS / PER_CALL, sandbox.requestLog().count(500), "each call's batch failed once");
        }
    }

    /** A third of the answers stall for a minute; each exchange gets a second, and the batch goes again. */
    @Test
    void stalledAnswersAreCutAndTheBatchSentAgainWithoutWritingTwice() {
        Duration stall = Duration.ofSeconds(60);
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().sampleData(false).seed(9).stallRate(0.3)
                .bulkUnsupported(java.util.Set.of("account"))
                .stall(stall).build());
             Connection c = open(sandbox, sandbox.clientSecret(), Map.of("batchSize", String.valueOf(PER_CALL),
                     "requestTimeout", "1"))) {
            long started = System.nanoTime();
            writeOnce(sandbox, c, "STALL");
            assertTrue(sandbox.requestLog().stalled() > 0, "answers stalled");
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(stall) < 0,
                    "no write waited for a stalled answer");
        }
    }
}
