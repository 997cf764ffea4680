package org.ferry.connectors.operations.internal;

import static org.ferry.connectors.operations.internal.OperationsConnectorSandboxTest.customer;
import static org.ferry.connectors.operations.internal.OperationsConnectorSandboxTest.group;
import static org.ferry.connectors.operations.internal.OperationsConnectorSandboxTest.open;
import static org.ferry.connectors.operations.internal.OperationsConnectorSandboxTest.readAll;
import static org.ferry.connectors.operations.internal.OperationsConnectorSandboxTest.unit;
import static org.ferry.connectors.operations.internal.OperationsConnectorSandboxTest.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.EntityRecord;
import org.ferry.sandbox.SandboxOptions;
import org.ferry.testing.SandboxServer;
import org.junit.jupiter.api.Test;

/**
 * F&amp;O writes under the faults that used to hang a run or write twice: a whole {@code $batch} answered 500, and
 * answers whose body stalls after the headers. Updates are PATCHes by key and are simply sent again; creates are
 * POSTs, whose lost answer is settled by looking the records up before any is sent again.
 */
class OperationsFaultsSandboxTest {
    private static final int CUSTOMERS = 60;

    private static List<EntityRecord> customers(String prefix, String group) {
        return customers(prefix, group, "Customer ");
    }

    private static List<EntityRecord> customers(String prefix, String group, String name) {
        List<EntityRecord> records = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            records.add(customer(prefix + i, name + i, group));
        }
        return records;
    }

    /** Whether single customers were read by key: the look-ups after creates whose answer was lost. */
    private static boolean lookedUp(SandboxServer sandbox) {
        return sandbox.requestLog().entries().stream().anyMatch(e -> e.method().equals("GET") && e.path().contains("CustomersV3("));
    }

    /** Every customer of usmf whose account starts with {@code prefix}, read back in full. */
    private static List<EntityRecord> written(Connection c, String prefix) {
        return readAll(c, new ReadRequest("CustomersV3", List.of("CustomerAccount", "OrganizationName"), unit("usmf"),
                null, null, 1000), null).stream()
                .filter(r -> r.key().get("CustomerAccount").startsWith(prefix)).toList();
    }

    /**
     * A quarter of the {@code $batch} requests fail whole: the PATCHes are sent again as they are, the POSTs of a
     * failed batch may have run, so they are looked up and only the missing ones posted again. Each customer
     * exists once. The second pass renames every customer: its first call creates first (the calls before found
     * every record missing), so the creates refused as duplicates, and those whose answer was lost and whose
     * record holds other values, are updated.
     */
    @Test
    void wholeBatchFailuresWriteEveryRecordExactlyOnce() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().sampleData(false).seed(5)
                .batchFailureRate(0.25).build());
             Connection c = open(sandbox)) {
            String g = group(c, "usmf");
            write(c, "usmf", customers("B500-", g), WriteOutcome.Status.INSERTED, 10);
            write(c, "usmf", customers("B500-", g, "Renamed "), WriteOutcome.Status.UPDATED, 10);
            List<EntityRecord> back = written(c, "B500-");
            assertEquals(CUSTOMERS, back.size());
            assertTrue(back.stream().allMatch(r -> r.get("OrganizationName").asText().startsWith("Renamed ")),
                    back.toString());
            assertEquals(CUSTOMERS, back.stream().map(EntityRecord::key).distinct().count());
            assertTrue(sandbox.requestLog().count(500) >= 3, "batches failed whole: " + sandbox.requestLog().count(500));
            assertTrue(lookedUp(sandbox), "a batch of creates failed whole, and its records were looked up");
        }
    }

    /**
     * A third of the answers stall for a minute after their headers; the connection gives each exchange a second.
     * The writes finish long before one stall would have, and nothing is written twice.
     */
    @Test
    void stalledAnswersAreCutAndNothingIsWrittenTwice() {
        Duration stall = Duration.ofSeconds(60);
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().sampleData(false).seed(11).stallRate(0.3)
                .stall(stall).build());
             Connection c = open(sandbox, Map.of("requestTimeout", "1"))) {
            long started = System.nanoTime();
            String g = group(c, "usmf");
            write(c, "usmf", customers("STALL-", g), WriteOutcome.Status.INSERTED, 10);
            List<EntityRecord> back = written(c, "STALL-");
            assertEquals(CUSTOMERS, back.size());
            assertEquals(CUSTOMERS, back.stream().map(EntityRecord::key).distinct().count());
            assertTrue(sandbox.requestLog().stalled() > 0, "answers stalled");
            assertTrue(lookedUp(sandbox), "creates whose answer stalled were looked up");
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(stall) < 0,
                    "no write waited for a stalled answer");
        }
    }
}
