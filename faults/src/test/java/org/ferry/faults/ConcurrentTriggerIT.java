package org.ferry.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.ferry.sandbox.SandboxOptions;
import org.ferry.testing.SandboxServer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Scenario 4 of docs/reliability.md: {@value #TRIGGERS} clients trigger the same project at the same
 * instant. Exactly one gets 202 and a run; every other gets 409 with a problem body; the project's history
 * holds that one run, and it completes.
 */
class ConcurrentTriggerIT {
    private static final String SCENARIO = "concurrent-triggers";
    private static final int TRIGGERS = 50;
    private static final int ACCOUNTS = 5_000;

    @Test
    void fiftySimultaneousTriggersStartExactlyOneRun() throws Exception {
        long t0 = System.nanoTime();
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().accounts(ACCOUNTS).sampleData(false).build());
             ServerProcess server = new ServerProcess(Report.work(SCENARIO))) {
            server.start();
            AdminClient api = new AdminClient(server.apiUrl()).login();
            AccountsProject project = AccountsProject.create(api, sandbox, "faults");

            CountDownLatch go = new CountDownLatch(1);
            List<HttpResponse<String>> answers = new ArrayList<>();
            try (ExecutorService clients = Executors.newFixedThreadPool(TRIGGERS)) {
                List<Future<HttpResponse<String>>> calls = new ArrayList<>();
                for (int i = 0; i < TRIGGERS; i++) {
                    calls.add(clients.submit(() -> {
                        go.await();
                        return api.post("/projects/" + project.id + "/runs", Map.of("mode", "incremental"));
                    }));
                }
                go.countDown();
                for (Future<HttpResponse<String>> call : calls) {
                    answers.add(call.get());
                }
            }

            List<HttpResponse<String>> accepted = answers.stream().filter(r -> r.statusCode() == 202).toList();
            List<HttpResponse<String>> refused = answers.stream().filter(r -> r.statusCode() == 409).toList();
            Report.line(SCENARIO, TRIGGERS + " simultaneous triggers: " + accepted.size() + " × 202, " + refused.size() + " × 409, "
                    + (TRIGGERS - accepted.size() - refused.size()) + " other");
            assertEquals(1, accepted.size(), "exactly one trigger starts a run: " + statuses(answers));
            assertEquals(TRIGGERS - 1, refused.size(), "every other trigger is refused: " + statuses(answers));
            for (HttpResponse<String> r : refused) {
                assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                        "a 409 is a problem: " + r.headers().map());
                JsonNode problem = AdminClient.parse(r);
                assertEquals(409, problem.path("status").asInt(), r.body());
                assertTrue(problem.path("title").isTextual() && problem.path("detail").isTextual(), r.body());
            }

            String runId = AdminClient.parse(accepted.get(0)).path("id").asText();
            JsonNode history = api.get("/projects/" + project.id + "/runs");
            assertEquals(1, history.path("items").size(), "one run in the project's history: " + history);
            assertEquals(runId, history.path("items").path(0).path("id").asText());
            JsonNode done = AccountsProject.awaitEnd(api, runId, Duration.ofMinutes(5));
            assertEquals("COMPLETED", done.path("status").asText(), done.toString());
        }
        Report.line(SCENARIO, "passed in " + Duration.ofNanos(System.nanoTime() - t0).toSeconds() + " s");
    }

    private static List<Integer> statuses(List<HttpResponse<String>> answers) {
        return answers.stream().map(HttpResponse::statusCode).toList();
    }
}
