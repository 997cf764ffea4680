package org.ferry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an admin does with curl, through every resource: connections to the in-server sandbox (test,
 * entities, organizations, actions), a connection set with an organization mapping and integration
 * keys, a project with consent, its tasks (add, move, change, delete), validation, runs followed to
 * their end with their errors, re-run and cancel, a schedule, and the audit log.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ApiFlowIT extends FerryTestSupport {
    private static final String SANDBOX_SECRET = "it-sandbox-client-secret";
    private static final Set<String> FINISHED = Set.of("COMPLETED", "WARNING", "ERROR", "CANCELLED", "INTERRUPTED");

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        return ferryWithSandbox(SANDBOX_SECRET);
    }

    @Test
    public void anAdminSetsUpRunsAndSchedulesAProject() throws Exception {
        String base = baseUrl(context);
        String api = base + "/api";
        awaitJson(api + "/health", Duration.ofSeconds(30), h -> "UP".equals(h.path("status").asText()));
        String admin = adminToken(api);

        HttpResponse<String> sales = call("POST", api + "/connections", admin, json(Map.of("name", "Sales (sandbox)",
                "type", "dynamics-sales", "config", Map.of("baseUrl", base + "/sandbox/sales",
                        "tokenUrl", base + "/sandbox/login/contoso/oauth2/v2.0/token",
                        "clientId", "ferry-sandbox", "clientSecret", SANDBOX_SECRET))));
        assertEquals(sales.body(), 201, sales.statusCode());
        String salesId = parse(sales).path("id").asText();
        assertEquals("/api/connections/" + salesId, sales.headers().firstValue("Location").orElse(""));
        assertEquals("********", parse(sales).path("config").path("clientSecret").asText());
        assertEquals(400, call("POST", api + "/connections", admin,
                "{\"name\": \"x\", \"type\": \"cds\", \"config\": {}, \"driverClass\": \"org.h2.Driver\"}").statusCode());
        HttpResponse<String> cds = call("POST", api + "/connections", admin, json(Map.of("name", "Hub",
                "type", "cds", "config", Map.of("environment", "flow-it", "organizations", "ORG001"))));
        assertEquals(cds.body(), 201, cds.statusCode());
        String cdsId = parse(cds).path("id").asText();

        JsonNode test = parse(call("POST", api + "/connections/" + salesId + "/test", admin, null));
        assertTrue(test.toString(), test.path("ok").asBoolean());
        JsonNode entities = parse(call("GET", api + "/connections/" + salesId + "/entities?limit=500", admin, null));
        assertTrue(entities.toString(), anyItem(entities, "name", "account"));
        JsonNode account = parse(call("GET", api + "/connections/" + salesId + "/entities/account", admin, null));
        assertTrue(account.path("fields").size() > 0);
        assertTrue(parse(call("POST", api + "/connections/" + salesId + "/entities/refresh", admin, null)).has("items"));
        JsonNode units = parse(call("GET", api + "/connections/" + salesId + "/organizations", admin, null));
        assertTrue(units.toString(), units.path("items").size() > 0);
        String salesUnit = units.path("items").path(0).path("id").asText();
        assertTrue(parse(call("GET", api + "/connections/" + cdsId + "/actions", admin, null)).has("items"));

        HttpResponse<String> set = call("POST", api + "/connection-sets", admin, json(Map.of("name", "Sandbox",
                "connections", Map.of("sales", salesId, "cds", cdsId),
                "organizationMappings", List.of(Map.of("name", "USMF", "units", Map.of("sales", salesUnit, "cds", "ORG001"))),
                "integrationKeys", Map.of("sales", Map.of("account", List.of("accountnumber"))))));
        assertEquals(set.body(), 201, set.statusCode());
        String setId = parse(set).path("id").asText();
        assertEquals("accountnumber", parse(call("GET", api + "/connection-sets/" + setId, admin, null))
                .path("integrationKeys").path("sales").path("account").path(0).asText());
        assertEquals(409, call("DELETE", api + "/connections/" + salesId, admin, null).statusCode());

        Map<String, Object> task = Map.of("name", "Accounts", "legs", List.of(Map.of(
                "sourceRole", "sales", "sourceEntity", "account", "targetRole", "cds", "targetEntity", "Account",
                "mappings", List.of(Map.of("target", "AccountNumber", "source", "accountnumber"),
                        Map.of("target", "Name", "source", "name", "transforms", List.of(Map.of("type", "Trim")))))));
        Map<String, Object> project = Map.of("name", "Accounts ✓ — sales → hub", "connectionSet", setId,
                "organizationMapping", "USMF", "tasks", List.of(task));
        HttpResponse<String> noConsent = call("POST", api + "/projects", admin, json(project));
        assertEquals(422, noConsent.statusCode());
        assertEquals("consent", parse(noConsent).path("errors").path(0).path("field").asText());
        Map<String, Object> withConsent = new java.util.HashMap<>(project);
        withConsent.put("consent", Map.of("accepted", true));
        HttpResponse<String> created = call("POST", api + "/projects", admin, json(withConsent));
        assertEquals(created.body(), 201, created.statusCode());
        JsonNode p = parse(created);
        String projectId = p.path("id").asText();
        assertEquals("Accounts ✓ — sales → hub", p.path("name").asText());
        assertEquals("admin", p.path("consent").path("by").asText());
        assertFalse(p.path("consent").path("textVersion").asText().isEmpty());
        assertEquals("Trim", p.path("tasks").path(0).path("legs").path(0).path("mappings").path(1)
                .path("transforms").path(0).path("type").asText());

        String tasks = api + "/projects/" + projectId + "/tasks";
        Map<String, Object> second = Map.of("name", "Accounts again", "legs", task.get("legs"), "position", 0);
        HttpResponse<String> added = call("POST", tasks, admin, json(second));
        assertEquals(added.body(), 201, added.statusCode());
        String addedId = parse(added).path("id").asText();
        assertEquals("Accounts again", parse(call("GET", tasks, admin, null)).path("items").path(0).path("name").asText());
        assertEquals(200, call("PUT", tasks + "/" + addedId, admin, json(Map.of("position", 1))).statusCode());
        assertEquals("Accounts", parse(call("GET", tasks, admin, null)).path("items").path(0).path("name").asText());
        assertEquals(204, call("DELETE", tasks + "/" + addedId, admin, null).statusCode());
        assertEquals(404, call("GET", tasks + "/" + addedId, admin, null).statusCode());
        assertEquals("Accounts (renamed)", parse(call("PUT", api + "/projects/" + projectId, admin,
                json(Map.of("name", "Accounts (renamed)")))).path("name").asText());

        JsonNode validation = parse(call("POST", api + "/projects/" + projectId + "/validate", admin, null));
        assertTrue(validation.toString(), validation.has("valid") && validation.has("items"));

        assertEquals(422, call("POST", api + "/projects/" + projectId + "/runs", admin,
                json(Map.of("mode", "sometimes"))).statusCode());
        HttpResponse<String> started = call("POST", api + "/projects/" + projectId + "/runs", admin,
                json(Map.of("mode", "full")));
        assertEquals(started.body(), 202, started.statusCode());
        String runId = parse(started).path("id").asText();
        assertEquals("/api/runs/" + runId, started.headers().firstValue("Location").orElse(""));
        HttpResponse<String> again = call("POST", api + "/projects/" + projectId + "/runs", admin, null);
        JsonNode now = parse(call("GET", api + "/runs/" + runId, admin, null));
        if (!FINISHED.contains(now.path("status").asText())) {
            assertEquals("one run at a time: " + again.body(), 409, again.statusCode());
        }
        JsonNode run = awaitJson(api + "/runs/" + runId, Duration.ofSeconds(90),
                r -> FINISHED.contains(r.path("status").asText()));
        for (String field : List.of("id", "projectId", "status", "trigger", "mode", "startedAt", "endedAt", "tasks")) {
            assertTrue(field + " missing in " + run, run.has(field));
        }
        assertEquals("full", run.path("mode").asText());
        JsonNode leg = run.path("tasks").path(0).path("legs").path(0);
        assertEquals("sales:account", leg.path("source").asText());
        for (String count : List.of("read", "inserted", "updated", "unchanged", "skipped", "failed")) {
            assertTrue(count + " missing in " + leg, leg.path(count).isNumber());
        }
        JsonNode errors = parse(call("GET", api + "/runs/" + runId + "/errors?limit=1", admin, null));
        assertTrue(errors.has("items") && errors.has("next"));
        assertTrue(anyItem(parse(call("GET", api + "/projects/" + projectId + "/runs", admin, null)), "id", runId));

        HttpResponse<String> rerun = call("POST", api + "/runs/" + runId + "/rerun", admin, null);
        assertEquals(rerun.body(), 202, rerun.statusCode());
        String rerunId = parse(rerun).path("id").asText();
        int cancel = call("POST", api + "/runs/" + rerunId + "/cancel", admin, null).statusCode();
        assertTrue("cancel answered " + cancel, cancel == 200 || cancel == 409);
        awaitJson(api + "/runs/" + rerunId, Duration.ofSeconds(90), r -> FINISHED.contains(r.path("status").asText()));

        String schedule = api + "/projects/" + projectId + "/schedule";
        assertEquals(404, call("GET", schedule, admin, null).statusCode());
        HttpResponse<String> put = call("PUT", schedule, admin,
                json(Map.of("every", 1, "unit", "days", "start", "2030-01-01T06:00:00Z")));
        assertEquals(put.body(), 200, put.statusCode());
        assertEquals("days", parse(call("GET", schedule, admin, null)).path("unit").asText());
        assertEquals(204, call("DELETE", schedule, admin, null).statusCode());

        HttpResponse<String> audit = call("GET", api + "/audit?limit=500", admin, null);
        assertEquals(200, audit.statusCode());
        assertTrue(audit.body(), audit.body().contains("login"));
        assertFalse(audit.body().contains(SANDBOX_SECRET));
    }
}
