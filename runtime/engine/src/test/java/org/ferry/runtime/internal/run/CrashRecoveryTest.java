package org.ferry.runtime.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.RecordReader;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.organization.OrganizationUnit;
import org.ferry.runtime.management.Actor;
import org.ferry.runtime.management.RunInfo;
import org.ferry.runtime.management.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the JVM that runs a project (SIGKILL, no shutdown hook) part-way through, starts the engine
 * again on the same store, and checks what a user would. On a store of one process (Derby) the killed run shows
 * INTERRUPTED and the next run completes; on a shared store (PostgreSQL) the restarted node takes the killed run
 * over and completes it, the run's nodes naming both claims. Either way every business key is then present exactly
 * once in the hub.
 */
@org.junit.jupiter.api.Tag("slow") // seconds by nature: run by ./ferry test, not by a plain mvn test
class CrashRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void aKilledRunIsInterruptedAndTheNextRunLeavesNoGapsOrDuplicates() throws Exception {
        String javaBinary = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(javaBinary));
        command.addAll(org.ferry.runtime.internal.TestStores.childOptions(dir.resolve("data")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CrashScenario.class.getName(), dir.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String runId;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            String line;
            runId = null;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("STARTED ")) {
                    runId = line.substring(8).trim();
                    break;
                }
            }
            assertTrue(runId != null, "the child started a run");
            Thread.sleep(ThreadLocalRandom.current().nextInt(1000));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        }

        try (CrashScenario scenario = new CrashScenario(dir, 0)) {
            if (org.ferry.runtime.internal.TestStores.postgres()) {
                RunInfo resumed = scenario.runs.await(runId, Duration.ofSeconds(120));
                assertEquals(RunStatus.COMPLETED, resumed.status(), "the killed run, taken over: " + resumed.message());
                assertEquals(List.of("local", "local"), scenario.runs.get(runId).orElseThrow().nodes(),
                        "claimed by the killed process, then by the restarted one");
                assertTrue(scenario.runs.errors(runId, 0, 100).stream().anyMatch(e -> e.message().contains("took this run over")),
                        "the run's history says it was taken over");
            } else {
                RunInfo killed = scenario.runs.get(runId).orElseThrow();
                assertEquals(RunStatus.INTERRUPTED, killed.status(), "a run left RUNNING by a crash");
                long writtenBeforeCrash = hubKeys(scenario).size();
                assertTrue(writtenBeforeCrash < CrashScenario.ACCOUNTS, "the kill happened mid-run (" + writtenBeforeCrash + ")");

                RunInfo next = scenario.runs.await(scenario.runs.start("p", "incremental", "manual",
                        new Actor("test", "admin")).id(), Duration.ofSeconds(120));
                assertEquals(RunStatus.COMPLETED, next.status(), next.message());
            }

            List<String> keys = hubKeys(scenario);
            Set<String> distinct = new HashSet<>(keys);
            assertEquals(keys.size(), distinct.size(), "no duplicate business keys");
            for (int i = 0; i < CrashScenario.ACCOUNTS; i++) {
                assertTrue(distinct.contains(CrashScenario.key(i)), "missing " + CrashScenario.key(i));
            }
            assertEquals(CrashScenario.ACCOUNTS, distinct.size());
        }
    }

    private static List<String> hubKeys(CrashScenario scenario) {
        List<String> keys = new java.util.ArrayList<>();
        try (Connection hub = scenario.hub(scenario.cds == null ? null : Path.of("."));
             RecordReader reader = hub.read(new ReadRequest("Account", List.of(),
                     new OrganizationUnit("ORG001", "ORG001", OrganizationUnit.Kind.ORGANIZATION, null), null, null, 1000))) {
            List<EntityRecord> page;
            while ((page = reader.nextPage()) != null) {
                page.stream().filter(r -> !r.deleted()).forEach(r -> keys.add(r.key().get("AccountId")));
            }
        }
        return keys;
    }
}
