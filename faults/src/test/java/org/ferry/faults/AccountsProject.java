package org.ferry.faults;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.ferry.testing.SandboxServer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Prospect-to-Cash Accounts project (template {@code p2c-accounts}) as an admin creates it over the API:
 * Sales accounts to the CDS hub's Account, then to F&amp;O customers in USMF. The organization mapping names no
 * Sales business unit, so every account is read whatever unit owns it.
 */
final class AccountsProject {
    static final Set<String> FINISHED = Set.of("COMPLETED", "WARNING", "ERROR", "CANCELLED", "INTERRUPTED");

    final String id;
    final String hubEnvironment;

    private AccountsProject(String id, String hubEnvironment) {
        this.id = id;
        this.hubEnvironment = hubEnvironment;
    }

    static AccountsProject create(AdminClient api, SandboxServer sandbox, String hubEnvironment) {
        Map<String, String> remote = Map.of("tokenUrl", sandbox.tokenUrl(), "clientId", sandbox.clientId(),
                "clientSecret", sandbox.clientSecret());
        String sales = connection(api, "Sales (sandbox)", "dynamics-sales", with(remote, "baseUrl", sandbox.salesUrl()));
        String operations = connection(api, "F&O (sandbox)", "dynamics-operations", with(remote, "baseUrl", sandbox.operationsUrl()));
        String cds = connection(api, "Hub", "cds", Map.of("environment", hubEnvironment, "organizations", "ORG001"));
        String set = api.postExpect("/connection-sets", Map.of("name", "Sandbox",
                "connections", Map.of("sales", sales, "cds", cds, "operations", operations),
                "organizationMappings", List.of(Map.of("name", "USMF", "units", Map.of("cds", "ORG001", "operations", "USMF"))),
                "integrationKeys", Map.of("sales", Map.of("account", List.of("accountnumber")),
                        "cds", Map.of("Account", List.of("AccountId")))), 201).path("id").asText();
        String project = api.postExpect("/projects", Map.of("name", "Accounts", "template", "p2c-accounts",
                "connectionSet", set, "organizationMapping", "USMF", "consent", Map.of("accepted", true)), 201)
                .path("id").asText();
        return new AccountsProject(project, hubEnvironment);
    }

    /** @return the new run's id; fails unless the API accepted it (202 with its Location) */
    String startRun(AdminClient api) {
        JsonNode run = api.postExpect("/projects/" + id + "/runs", Map.of("mode", "incremental"), 202);
        return run.path("id").asText();
    }

    static JsonNode run(AdminClient api, String runId) {
        return api.get("/runs/" + runId);
    }

    /** Polls the run until the condition holds; generous deadlines, so a slow machine fails no assertion. */
    static JsonNode await(AdminClient api, String runId, Duration timeout, Predicate<JsonNode> until) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode run = run(api, runId);
        while (!until.test(run)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + runId + " did not get there within " + timeout.toSeconds() + " s: " + run);
            }
            Thread.sleep(200);
            run = run(api, runId);
        }
        return run;
    }

    static JsonNode awaitEnd(AdminClient api, String runId, Duration timeout) throws InterruptedException {
        return await(api, runId, timeout, r -> FINISHED.contains(r.path("status").asText()));
    }

    /** A count of one leg (0 = Sales to hub, 1 = hub to F&amp;O) of the run's only task. */
    static long count(JsonNode run, int leg, String field) {
        return run.path("tasks").path(0).path("legs").path(leg).path(field).asLong();
    }

    private static String connection(AdminClient api, String name, String type, Map<String, String> config) {
        return api.postExpect("/connections", Map.of("name", name, "type", type, "config", config), 201).path("id").asText();
    }

    private static Map<String, String> with(Map<String, String> map, String key, String value) {
        Map<String, String> copy = new java.util.HashMap<>(map);
        copy.put(key, value);
        return copy;
    }
}
