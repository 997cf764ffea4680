package org.ferry.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Through the admin API only (as the console would): a Sales → CDS project, Sales being a sandbox in a JVM of its
 * own as the real service is elsewhere, and a full run of it, so the API is measured while the engine is busy.
 */
final class RunUnderLoad {
    record Setup(String projectId, String runId) {
    }

    private RunUnderLoad() {
    }

    static Setup start(ApiClient api, SandboxProcess sandbox) throws IOException, InterruptedException {
        String sales = id(api.post("/api/connections", Map.of("name", "Sales (sandbox)", "type", "dynamics-sales",
                "config", Map.of("baseUrl", sandbox.salesUrl, "tokenUrl", sandbox.tokenUrl,
                        "clientId", "ferry-sandbox", "clientSecret", sandbox.secret))), "connection");
        String hub = id(api.post("/api/connections", Map.of("name", "Hub", "type", "cds",
                "config", Map.of("environment", "bench", "organizations", "ORG001"))), "connection");
        String set = id(api.post("/api/connection-sets", Map.of("name", "Bench", "connections", Map.of("sales", sales,
                "cds", hub), "organizationMappings", List.of(Map.of("name", "M", "units", Map.of("cds", "ORG001"))))),
                "connection set");
        List<Map<String, Object>> mappings = List.of(mapping("AccountId", "accountnumber"), mapping("Name", "name"),
                mapping("Telephone1", "telephone1"), mapping("Email", "emailaddress1"), mapping("WebSite", "websiteurl"),
                mapping("Address1_Line1", "address1_line1"), mapping("Address1_City", "address1_city"),
                mapping("Address1_PostalCode", "address1_postalcode"), mapping("Address1_Country", "address1_country"),
                mapping("CreditLimit", "creditlimit"));
        String project = id(api.post("/api/projects", Map.of("name", "API under load", "connectionSet", set,
                "organizationMapping", "M", "consent", Map.of("accepted", true),
                "tasks", List.of(Map.of("name", "Accounts", "legs", List.of(Map.of("sourceRole", "sales",
                        "sourceEntity", "account", "targetRole", "cds", "targetEntity", "Account", "mappings", mappings)))))),
                "project");
        ApiClient.Answer run = api.post("/api/projects/" + project + "/runs", Map.of("mode", "full"));
        if (run.status() != 202) {
            throw new IOException("starting the run answered " + run.status() + ": " + run.body());
        }
        String location = run.location();
        return new Setup(project, location.substring(location.lastIndexOf('/') + 1));
    }

    /**
     * Waits until the run has read records: it spends its first seconds validating, opening connections and
     * fetching a token, and the API is to be measured while records move, not while the run prepares.
     *
     * @return the records read when it returned
     */
    static long awaitRecords(ApiClient api, Setup setup, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode run = api.get("/api/runs/" + setup.runId()).json();
            long read = run.path("tasks").path(0).path("legs").path(0).path("read").asLong();
            if (read > 0) {
                return read;
            }
            if (System.nanoTime() > deadline || !Set.of("QUEUED", "RUNNING").contains(run.path("status").asText())) {
                throw new IOException("the run under load read nothing within " + timeout.toSeconds() + " s: " + run);
            }
            Thread.sleep(50);
        }
    }

    /** @return the run's status and progress, for the report */
    static String describe(ApiClient api, Setup setup) throws IOException, InterruptedException {
        JsonNode run = api.get("/api/runs/" + setup.runId()).json();
        JsonNode leg = run.path("tasks").path(0).path("legs").path(0);
        return "run " + run.path("status").asText() + " at the end of the load (" + leg.path("read").asLong()
                + " records read so far)";
    }

    private static Map<String, Object> mapping(String target, String source) {
        return Map.of("target", target, "source", source);
    }

    private static String id(ApiClient.Answer answer, String what) throws IOException {
        if (answer.status() != 201 && answer.status() != 200) {
            throw new IOException("creating the " + what + " answered " + answer.status() + ": " + answer.body());
        }
        return answer.json().get("id").asText();
    }
}
