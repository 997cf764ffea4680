package org.ferry.itests;

import static org.junit.Assert.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Sets up, through the admin API, the Accounts project of Prospect-to-Cash over the in-server sandbox. */
final class SandboxProjects {

    record Created(String sales, String cds, String operations, String rootUnit, String set, String project) {
    }

    private SandboxProjects() {
    }

    static Created accounts(String api, String base, String admin, String secret, String name) {
        return accounts(api, base, admin, secret, name, Map.of());
    }

    /** @param operationsConfig settings of the F&amp;O connection beyond its address and credentials */
    static Created accounts(String api, String base, String admin, String secret, String name,
                            Map<String, String> operationsConfig) {
        String token = base + "/sandbox/login/contoso/oauth2/v2.0/token";
        Map<String, String> operationsSettings = new java.util.HashMap<>(operationsConfig);
        operationsSettings.putAll(Map.of("baseUrl", base + "/sandbox/operations", "tokenUrl", token,
                "clientId", "ferry-sandbox", "clientSecret", secret));
        String sales = created(FerryTestSupport.call("POST", api + "/connections", admin, FerryTestSupport.json(Map.of(
                "name", name + " Sales", "type", "dynamics-sales", "config", Map.of("baseUrl", base + "/sandbox/sales",
                        "tokenUrl", token, "clientId", "ferry-sandbox", "clientSecret", secret)))));
        String operations = created(FerryTestSupport.call("POST", api + "/connections", admin, FerryTestSupport.json(Map.of(
                "name", name + " F&O", "type", "dynamics-operations", "config", operationsSettings))));
        String cds = created(FerryTestSupport.call("POST", api + "/connections", admin, FerryTestSupport.json(Map.of(
                "name", name + " Hub", "type", "cds", "config", Map.of("environment", "p2c-" + Math.abs(name.hashCode()),
                        "organizations", "ORG001")))));
        String root = null;
        for (JsonNode unit : FerryTestSupport.parse(FerryTestSupport.call("GET", api + "/connections/" + sales + "/organizations",
                admin, null)).path("items")) {
            if (unit.path("parentId").isNull()) {
                root = unit.path("id").asText();
            }
        }
        String set = created(FerryTestSupport.call("POST", api + "/connection-sets", admin, FerryTestSupport.json(Map.of(
                "name", name + " set", "connections", Map.of("sales", sales, "cds", cds, "operations", operations),
                "organizationMappings", List.of(Map.of("name", "USMF", "units", Map.of("sales", root, "cds", "ORG001",
                        "operations", "USMF"))),
                "integrationKeys", Map.of("cds", Map.of("Account", List.of("AccountId")))))));
        String project = created(FerryTestSupport.call("POST", api + "/projects", admin, FerryTestSupport.json(Map.of(
                "name", name, "template", "p2c-accounts", "connectionSet", set, "organizationMapping", "USMF",
                "consent", Map.of("accepted", true)))));
        return new Created(sales, cds, operations, root, set, project);
    }

    static JsonNode run(String api, String admin, String project) throws InterruptedException {
        return await(api, admin, created(FerryTestSupport.call("POST", api + "/projects/" + project + "/runs", admin,
                FerryTestSupport.json(Map.of("mode", "incremental")))));
    }

    static JsonNode await(String api, String admin, String runId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode run = null;
        while (System.nanoTime() < deadline) {
            run = FerryTestSupport.parse(FerryTestSupport.call("GET", api + "/runs/" + runId, admin, null));
            if (!List.of("QUEUED", "RUNNING").contains(run.path("status").asText())) {
                return run;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("run did not end: " + run);
    }

    /** A token from the sandbox's own token endpoint, to change data the way a user of that system would. */
    static String sandboxToken(String base, String secret) throws Exception {
        HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(base + "/sandbox/login/contoso/oauth2/v2.0/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("client_id=ferry-sandbox&client_secret=" + secret
                        + "&grant_type=client_credentials&scope="
                        + URLEncoder.encode(base + "/sandbox/sales/.default", StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        return FerryTestSupport.parse(response).path("access_token").asText();
    }

    static String created(HttpResponse<String> response) {
        assertTrue(response.statusCode() + " " + response.body(), response.statusCode() == 201 || response.statusCode() == 202);
        return FerryTestSupport.parse(response).path("id").asText();
    }
}
