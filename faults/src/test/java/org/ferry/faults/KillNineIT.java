package org.ferry.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.ferry.sandbox.SandboxOptions;
import org.ferry.testing.SandboxServer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Scenario 1 of docs/reliability.md: SIGKILL at {@value #KILLS} random points of a two-leg run of
 * 100,000 accounts (Sales → CDS hub → F&amp;O customers), the accounts changing in Sales while the server
 * is down. After every restart the killed run must read INTERRUPTED within 60 s; after the last, a run
 * must complete and both destinations must hold every business key exactly once with its latest value.
 * The kill points are random positions (records read on both legs), one in each tenth of the run, so
 * both legs are hit and each resumed run gets further; the seed is printed ({@code -Dfaults.seed=…}
 * replays it).
 */
class KillNineIT {
    private static final String SCENARIO = "kill-9";
    private static final int ACCOUNTS = Integer.getInteger("faults.kill.accounts", 100_000);
    private static final int KILLS = 10;
    private static final int RENAMES_PER_KILL = 25;
    private static final Duration INTERRUPTED_WITHIN = Duration.ofSeconds(60);
    /**
     * One call of the engine to the F&amp;O connector through OData with its defaults: what it sends at once, 8 $batch
     * requests of 100. A kill can lose the hashes of two calls: the one whose hashes were being stored and the one
     * F&amp;O had just acknowledged.
     */
    private static final int OPERATIONS_BATCH = 8 * 100;
    private static final int BATCHES_RESENT_PER_KILL = 2;

    @Test
    void killedRunsAreInterruptedAndTheNextRunLeavesNoMissingDuplicateOrStaleKey() throws Exception {
        long seed = Long.getLong("faults.seed", System.nanoTime());
        Random random = new Random(seed);
        Report.line(SCENARIO, ACCOUNTS + " accounts, " + KILLS + " kills, seed " + seed);
        long t0 = System.nanoTime();
        Path work = Report.work(SCENARIO);
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().accounts(ACCOUNTS).sampleData(false)
                // what a kill or a stop costs, not the services' server time: that is ThrottlingIT's and the budget benchmark's
                .unlimited().build());
             ServerProcess server = new ServerProcess(work)) {
            SandboxData data = new SandboxData(sandbox);
            List<String> keys = data.salesAccounts().stream().map(SandboxData.Row::key).toList();
            assertEquals(ACCOUNTS, keys.size(), "the sandbox generated the accounts");
            server.start();
            AdminClient api = new AdminClient(server.apiUrl()).login();
            AccountsProject project = AccountsProject.create(api, sandbox, "faults");

            java.util.Set<String> renamed = new java.util.HashSet<>();
            long total = 2L * ACCOUNTS;
            long margin = Math.max(total * 3 / 100, 1500);
            // one uniformly random point in each tenth of the run: random, yet both legs get their share of kills
            long[] killAt = new long[KILLS];
            double stratum = (total - 2.0 * margin) / KILLS;
            for (int i = 0; i < KILLS; i++) {
                killAt[i] = margin + (long) (stratum * (i + random.nextDouble()));
            }
            Report.line(SCENARIO, "sandbox and server up after " + Duration.ofNanos(System.nanoTime() - t0).toSeconds()
                    + " s; killing at " + java.util.Arrays.toString(killAt) + " of " + total + " records read");
            for (int k = 0; k < KILLS; k++) {
                long target = killAt[k];
                String runId = project.startRun(api);
                JsonNode before = AccountsProject.await(api, runId, Duration.ofMinutes(10),
                        r -> position(r) >= target || AccountsProject.FINISHED.contains(r.path("status").asText()));
                server.kill();
                assertEquals("RUNNING", before.path("status").asText(), "the kill must fall inside the run: " + before);

                for (int i = 0; i < RENAMES_PER_KILL; i++) {
                    String key = keys.get(random.nextInt(keys.size()));
                    renamed.add(key);
                    data.renameAccount(key, "Renamed while down " + k + "-" + i);
                }

                long restart = System.nanoTime();
                server.start();
                api.login();
                Duration left = INTERRUPTED_WITHIN.minus(Duration.ofNanos(System.nanoTime() - restart));
                assertTrue(!left.isNegative(), "the server took more than " + INTERRUPTED_WITHIN.toSeconds() + " s to start");
                JsonNode killed = AccountsProject.await(api, runId, left, r -> !"RUNNING".equals(r.path("status").asText())
                        && !"QUEUED".equals(r.path("status").asText()));
                assertEquals("INTERRUPTED", killed.path("status").asText(), killed.toString());
                Report.line(SCENARIO, "kill " + (k + 1) + " at " + position(before) + "/" + total
                        + " records read (leg 1 " + legCounts(before, 0) + ", leg 2 " + legCounts(before, 1) + "); INTERRUPTED "
                        + Duration.ofNanos(System.nanoTime() - restart).toMillis() + " ms after the restart began");
            }

            long finalStart = System.nanoTime();
            String last = project.startRun(api);
            JsonNode done = AccountsProject.awaitEnd(api, last, Duration.ofMinutes(20));
            assertEquals("COMPLETED", done.path("status").asText(), done.toString());
            Report.line(SCENARIO, "final run COMPLETED in " + Duration.ofNanos(System.nanoTime() - finalStart).toSeconds()
                    + " s (leg 1 " + legCounts(done, 0) + ", leg 2 " + legCounts(done, 1) + ")");

            List<SandboxData.Row> source = data.salesAccounts();
            List<SandboxData.Row> customers = data.operationsCustomers();
            assertTrue(customers.stream().allMatch(c -> "usmf".equalsIgnoreCase(c.company())),
                    "every customer is in USMF, the mapped legal entity");
            KeyCheck operations = KeyCheck.compare("F&O CustomersV3", source, customers);
            Report.line(SCENARIO, operations.toString());
            assertTrue(operations.clean(), operations.toString());

            // What a kill costs: customers updated although their account never changed were sent again
            // because the kill came between F&O's answer and the stored hashes, at most two batches per kill.
            CustomerWrites writes = CustomerWrites.of(sandbox.requestLog());
            long resent = writes.updates().keySet().stream().filter(k -> !renamed.contains(k)).count();
            long bound = (long) KILLS * BATCHES_RESENT_PER_KILL * OPERATIONS_BATCH;
            Report.line(SCENARIO, "request log: " + writes + "; " + resent + " unchanged customers sent again after "
                    + KILLS + " kills (bound " + bound + ")");
            assertTrue(resent <= bound, resent + " customers re-sent");

            assertTrue(server.terminate(Duration.ofSeconds(60)) != null, "the server stops on SIGTERM");
            KeyCheck hub = KeyCheck.compare("CDS hub Account", source, DerbyFiles.hubAccounts(server.dataDir(), project.hubEnvironment));
            Report.line(SCENARIO, hub.toString());
            assertTrue(hub.clean(), hub.toString());
        }
        Report.line(SCENARIO, "passed in " + Duration.ofNanos(System.nanoTime() - t0).toSeconds() + " s");
    }

    /**
     * Where a run is in the two-leg run of every account: records read on leg 1, or all of them once leg 1
     * is done (a leg that completed before reads only what changed since), plus records read on leg 2.
     * Every run reads from the leg's last checkpoint and skips what earlier runs acknowledged, so rising
     * targets make each killed run write further than the one before.
     */
    private static long position(JsonNode run) {
        JsonNode leg1 = run.path("tasks").path(0).path("legs").path(0);
        long first = "DONE".equals(leg1.path("status").asText()) ? ACCOUNTS : leg1.path("read").asLong();
        return first + AccountsProject.count(run, 1, "read");
    }

    static String legCounts(JsonNode run, int leg) {
        return "read " + AccountsProject.count(run, leg, "read") + ", inserted " + AccountsProject.count(run, leg, "inserted")
                + ", updated " + AccountsProject.count(run, leg, "updated") + ", unchanged "
                + AccountsProject.count(run, leg, "unchanged") + ", failed " + AccountsProject.count(run, leg, "failed");
    }
}
