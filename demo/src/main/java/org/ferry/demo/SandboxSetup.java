package org.ferry.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The connections and the connection set of the demo: Sales and Finance and Operations as the
 * sandbox emulates them inside the server, and a CDS hub environment with organization ORG001; the set
 * maps legal entity USMF to the root business unit and to ORG001. Run again, it updates what exists
 * (the sandbox makes a new client secret at each start unless FERRY_SANDBOX_SECRET is set).
 */
final class SandboxSetup {
    static final String SET_NAME = "Prospect-to-Cash (sandbox)";

    private final AdminClient api;
    private final String base;
    private final String sandboxSecret;

    SandboxSetup(AdminClient api, String base, String sandboxSecret) {
        this.api = api;
        this.base = base;
        this.sandboxSecret = sandboxSecret;
    }

    /** @return the connection set's id */
    String connectionSet() {
        String token = base + "/sandbox/login/contoso/oauth2/v2.0/token";
        String sales = upsertConnection("Dynamics 365 Sales (sandbox)", "dynamics-sales", Map.of(
                "baseUrl", base + "/sandbox/sales", "tokenUrl", token, "clientId", "ferry-sandbox", "clientSecret", sandboxSecret));
        String operations = upsertConnection("Finance and Operations (sandbox)", "dynamics-operations", Map.of(
                "baseUrl", base + "/sandbox/operations", "tokenUrl", token, "clientId", "ferry-sandbox", "clientSecret", sandboxSecret));
        String cds = upsertConnection("Common Data Service (demo)", "cds", Map.of("environment", "demo", "organizations", "ORG001"));

        String rootUnit = null;
        for (JsonNode unit : api.list("/api/connections/" + sales + "/organizations")) {
            if (unit.path("parentId").isNull() || unit.path("parentId").isMissingNode()) {
                rootUnit = unit.path("id").asText();
            }
        }
        if (rootUnit == null) {
            throw new AdminClient.DemoException("the Sales sandbox reports no root business unit");
        }
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("name", SET_NAME);
        set.put("connections", Map.of("sales", sales, "cds", cds, "operations", operations));
        set.put("organizationMappings", List.of(Map.of("name", "USMF",
                "units", Map.of("sales", rootUnit, "cds", "ORG001", "operations", "USMF"))));
        // A real Sales org has one alternate key (account.accountnumber, from the Prospect-to-Cash solution); every
        // other table the templates write or refer to is identified by the field the admin names in the connection
        // set, as the Data Integrator's "Integration keys" tab asks. The templates propose theirs; the demo accepts them.
        Map<String, List<String>> salesKeys = new LinkedHashMap<>();
        for (JsonNode t : api.list("/api/templates")) {
            t.path("template").path("integrationKeys").path("sales").fields().forEachRemaining(e -> {
                List<String> fields = new java.util.ArrayList<>();
                e.getValue().forEach(f -> fields.add(f.asText()));
                salesKeys.putIfAbsent(e.getKey(), fields);
            });
        }
        set.put("integrationKeys", Map.of(
                "sales", salesKeys,
                "cds", Map.of("Account", List.of("AccountId"), "Contact", List.of("ContactId"), "Product", List.of("ProductId"))));
        JsonNode existing = find("/api/connection-sets", SET_NAME);
        return existing == null ? api.post("/api/connection-sets", set).path("id").asText()
                : api.put("/api/connection-sets/" + existing.path("id").asText(), set).path("id").asText();
    }

    private String upsertConnection(String name, String type, Map<String, String> config) {
        Map<String, Object> body = Map.of("name", name, "type", type, "config", config);
        JsonNode existing = find("/api/connections", name);
        JsonNode saved = existing == null ? api.post("/api/connections", body)
                : api.put("/api/connections/" + existing.path("id").asText(), body);
        JsonNode test = api.post("/api/connections/" + saved.path("id").asText() + "/test", Map.of());
        if (!test.path("ok").asBoolean()) {
            throw new AdminClient.DemoException("connection '" + name + "' does not work: " + test.path("message").asText());
        }
        return saved.path("id").asText();
    }

    private JsonNode find(String path, String name) {
        for (JsonNode item : api.list(path)) {
            if (name.equals(item.path("name").asText())) {
                return item;
            }
        }
        return null;
    }
}
