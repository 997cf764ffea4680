package org.ferry.connectors.sales.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.sandbox.SandboxOptions;
import org.ferry.sandbox.ServerCosts;
import org.ferry.sandbox.internal.throttle.RequestLog;
import org.ferry.testing.SandboxServer;
import org.junit.jupiter.api.Test;

/** Writing at the budget: bulk messages split to isolate bad records, parallel to the hint, several app users. */
class BudgetSandboxTest {

    private static List<EntityRecord> accounts(String prefix, int n, int badAt) {
        List<EntityRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String number = prefix + "-" + i;
            records.add(EntityRecord.builder("account").key(BusinessKey.of("accountnumber", number))
                    .text("accountnumber", number).text("name", i == badAt ? "x".repeat(161) : "Account " + i).build());
        }
        return records;
    }

    /** Every record a bulk message wrote, by the GUID it was written at: the request log lists them like batch parts. */
    private static Map<String, Long> bulkWrites(SandboxServer sandbox) {
        return sandbox.requestLog().entries().stream()
                .filter(e -> e.status() == 204 && e.method().equals("PATCH") && e.path().contains("accounts("))
                .collect(Collectors.groupingBy(RequestLog.Entry::path, Collectors.counting()));
    }

    @Test
    void aBulkRequestRolledBackByOneBadRecordYieldsExactlyOneFailureAndEveryOtherRecordWrittenOnce() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().sampleData(false).build());
             Connection c = SalesConnectorSandboxTest.open(sandbox, sandbox.clientSecret(), Map.of())) {
            List<EntityRecord> records = accounts("BAD", 400, 137);

            List<WriteOutcome> outcomes = c.upsert("account", null, records);

            List<WriteOutcome> failed = outcomes.stream().filter(o -> o.status() == WriteOutcome.Status.FAILED).toList();
            assertEquals(1, failed.size(), failed.toString());
            assertEquals("BAD-137", failed.get(0).key().get("accountnumber"));
            assertEquals("name", failed.get(0).field());
            assertTrue(failed.get(0).message().contains("maximum allowed length of '160'"), failed.get(0).message());
            assertEquals(399, outcomes.stream().filter(o -> o.status() == WriteOutcome.Status.INSERTED).count());
            Map<String, Long> writes = bulkWrites(sandbox);
            assertEquals(399, writes.size(), "every other record was written");
            assertTrue(writes.values().stream().allMatch(n -> n == 1), "each exactly once: " + writes);
            assertTrue(sandbox.requestLog().entries().stream().anyMatch(e -> e.status() == 400
                    && e.path().endsWith("UpsertMultiple")), "a bulk request was rolled back on the bad record");
            assertTrue(sandbox.requestLog().entries().stream().noneMatch(e -> e.path().endsWith("$batch")),
                    "all through the bulk message");

            // written again: the records exist now, so they are updates, still each written once more
            sandbox.requestLog().clear();
            List<WriteOutcome> again = c.upsert("account", null, accounts("BAD", 400, -1));
            assertEquals(400, again.stream().filter(o -> o.status() == WriteOutcome.Status.UPDATED).count()
                    + again.stream().filter(o -> o.status() == WriteOutcome.Status.INSERTED
                            && o.key().get("accountnumber").equals("BAD-137")).count());
        }
    }

    @Test
    void aTableWithoutTheBulkMessageIsWrittenThroughBatch() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().sampleData(false)
                .bulkUnsupported(Set.of("account")).build());
             Connection c = SalesConnectorSandboxTest.open(sandbox, sandbox.clientSecret(), Map.of())) {
            List<WriteOutcome> outcomes = c.upsert("account", null, accounts("BATCH", 50, 7));
            assertEquals(1, outcomes.stream().filter(o -> o.status() == WriteOutcome.Status.FAILED).count());
            assertTrue(sandbox.requestLog().entries().stream().anyMatch(e -> e.path().endsWith("$batch")));
            assertTrue(sandbox.requestLog().entries().stream().noneMatch(e -> e.path().endsWith("UpsertMultiple")));
        }
    }

    @Test
    void fourAppUsersShareTheWorkAndNeverExceedAnyUsersLimits() {
        // a 6 s window: 24 s of execution and 120 requests per user; a bulk record takes 20 ms
        SandboxOptions options = SandboxOptions.builder().sampleData(false).appUsers(4).window(Duration.ofSeconds(6))
                .costs(ServerCosts.PUBLISHED).build();
        try (SandboxServer sandbox = SandboxServer.start(options)) {
            Map<String, String> users = new HashMap<>();
            users.put("additionalClientIds", "ferry-sandbox-2, ferry-sandbox-3, ferry-sandbox-4");
            users.put("additionalClientSecrets", String.join(",", options.clientSecret(2), options.clientSecret(3),
                    options.clientSecret(4)));
            try (Connection c = SalesConnectorSandboxTest.open(sandbox, sandbox.clientSecret(), users)) {
                long t0 = System.nanoTime();
                for (int call = 0; call < 4; call++) {
                    List<WriteOutcome> outcomes = c.upsert("account", null, accounts("FOUR" + call, 1000, -1));
                    assertTrue(outcomes.stream().allMatch(o -> o.status() == WriteOutcome.Status.INSERTED));
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                Set<String> clients = new TreeSet<>();
                for (RequestLog.Entry e : sandbox.requestLog().entries()) {
                    if (e.path().endsWith("UpsertMultiple")) {
                        clients.add(e.client());
                    }
                }
                assertEquals(Set.of("ferry-sandbox@sales", "ferry-sandbox-2@sales", "ferry-sandbox-3@sales",
                        "ferry-sandbox-4@sales"), clients, "every user wrote");
                assertEquals(0, sandbox.requestLog().count(429), "no user was ever throttled: none exceeded its limits");
                // 4,000 records at 20 ms each is 80 s of execution: one user's 4 s a second would need 20 s
                assertTrue(seconds < 15, "four budgets at once: " + seconds + " s");
            }
        }
    }
}
