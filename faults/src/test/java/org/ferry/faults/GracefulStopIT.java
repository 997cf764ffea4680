package org.ferry.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.ferry.sandbox.SandboxOptions;
import org.ferry.sandbox.internal.throttle.RequestLog;
import org.ferry.testing.SandboxServer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Scenario 2 of docs/reliability.md: SIGTERM in the middle of leg 1 (into the hub), then in the middle of
 * leg 2 (into F&amp;O). Each time the server must exit within 30 s and the run must have ended INTERRUPTED
 * by itself (read from the stopped server's store: not RUNNING, not left to the next start's orphan sweep).
 * Then the next run must re-send nothing already written: per F&amp;O customer, the sandbox's request log
 * must show exactly one write attempt over all runs (the PATCH that found it missing, then its POST) and
 * no PATCH that updated it; on the hub leg, the inserts of all runs add up to the accounts exactly.
 */
class GracefulStopIT {
    private static final String SCENARIO = "sigterm";
    private static final int ACCOUNTS = Integer.getInteger("faults.term.accounts", 20_000);
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(30);

    @Test
    void sigtermStopsAtABatchBoundaryAndTheNextRunResendsNothing() throws Exception {
        long seed = Long.getLong("faults.seed", System.nanoTime());
        Random random = new Random(seed);
        Report.line(SCENARIO, ACCOUNTS + " accounts, seed " + seed);
        long t0 = System.nanoTime();
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().accounts(ACCOUNTS).sampleData(false)
                // what a kill or a stop costs, not the services' server time: that is ThrottlingIT's and the budget benchmark's
                .unlimited().build());
             ServerProcess server = new ServerProcess(Report.work(SCENARIO))) {
            server.start();
            AdminClient api = new AdminClient(server.apiUrl()).login();
            AccountsProject project = AccountsProject.create(api, sandbox, "faults");

            String first = stopDuring(server, api, project, 0, ACCOUNTS / 5 + random.nextInt(ACCOUNTS * 3 / 5));
            server.start();
            api.login();
            // F&O takes the hub's records in $batch requests fast enough that the counts the run stores about once a
            // second can jump past a point late in the leg straight to COMPLETED: the stop falls in its first half
            String second = stopDuring(server, api, project, 1, ACCOUNTS / 10 + random.nextInt(ACCOUNTS * 2 / 5));
            server.start();
            api.login();
            String third = project.startRun(api);
            JsonNode done = AccountsProject.awaitEnd(api, third, Duration.ofMinutes(10));
            assertEquals("COMPLETED", done.path("status").asText(), done.toString());

            List<JsonNode> runs = List.of(AccountsProject.run(api, first), AccountsProject.run(api, second), done);
            for (JsonNode run : runs) {
                Report.line(SCENARIO, "run " + run.path("status").asText() + ": leg 1 " + KillNineIT.legCounts(run, 0)
                        + "; leg 2 " + KillNineIT.legCounts(run, 1));
            }
            assertEquals(ACCOUNTS, runs.stream().mapToLong(r -> AccountsProject.count(r, 0, "inserted")).sum(),
                    "every account inserted into the hub exactly once over the three runs");
            assertEquals(0, runs.stream().mapToLong(r -> AccountsProject.count(r, 0, "updated")).sum(), "no hub record rewritten");
            assertEquals(0, AccountsProject.count(done, 0, "read"),
                    "leg 1 completed in the second run, so the third reads only changes since its checkpoint: none");
            assertEquals(ACCOUNTS, runs.stream().mapToLong(r -> AccountsProject.count(r, 1, "inserted")).sum(),
                    "every customer created exactly once over the three runs");

            assertEachCustomerWrittenOnce(sandbox.requestLog());
            KeyCheck operations = KeyCheck.compare("F&O CustomersV3", new SandboxData(sandbox).salesAccounts(),
                    new SandboxData(sandbox).operationsCustomers());
            Report.line(SCENARIO, operations.toString());
            assertTrue(operations.clean(), operations.toString());
        }
        Report.line(SCENARIO, "passed in " + Duration.ofNanos(System.nanoTime() - t0).toSeconds() + " s");
    }

    /** Starts a run, sends SIGTERM once the leg has inserted {@code inserted} records, checks exit and status. */
    private static String stopDuring(ServerProcess server, AdminClient api, AccountsProject project, int leg, long inserted)
            throws Exception {
        String runId = project.startRun(api);
        JsonNode before = AccountsProject.await(api, runId, Duration.ofMinutes(10),
                r -> AccountsProject.count(r, leg, "inserted") >= inserted
                        || AccountsProject.FINISHED.contains(r.path("status").asText()));
        assertEquals("RUNNING", before.path("status").asText(), "SIGTERM must fall inside the run: " + before);
        Duration took = server.terminate(Duration.ofSeconds(90));
        assertNotNull(took, "the server did not exit within 90 s of SIGTERM");
        assertTrue(took.compareTo(EXIT_WITHIN) <= 0, "the server took " + took.toMillis() + " ms to exit after SIGTERM");
        String[] stored = DerbyFiles.run(server.dataDir(), runId);
        assertNotNull(stored, "the run is in the store");
        assertEquals("INTERRUPTED", stored[0], "the run ended itself at shutdown (message: " + stored[1] + ")");
        Report.line(SCENARIO, "SIGTERM in leg " + (leg + 1) + " after " + AccountsProject.count(before, leg, "inserted")
                + " inserts: exited in " + took.toMillis() + " ms, run stored " + stored[0] + " (" + stored[1] + ")");
        return runId;
    }

    private static void assertEachCustomerWrittenOnce(RequestLog log) {
        CustomerWrites writes = CustomerWrites.of(log);
        Report.line(SCENARIO, "request log: " + writes);
        assertEquals(ACCOUNTS, writes.creates(), "each customer created by exactly one POST");
        assertEquals(0, writes.refusedCreates(), "no customer was sent again as a create");
        assertEquals(0, writes.patchedMoreThanOnce(), "no customer was sent twice");
        assertEquals(0, writes.updateCount(), "no customer was sent again after it had been created");
    }
}
