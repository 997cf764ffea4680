package org.ferry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Before;
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
 * {@code GET /api/runs} over real HTTP: the runs of every project, newest first, filtered by status, project,
 * trigger and time, paged; a parameter it cannot understand is a 400 naming it; a viewer sees the same list and
 * no secret in it. Two projects over the in-server sandbox: Accounts, which ends WARNING (a skipped record named
 * by its source id), and a copy whose Sales connection was given a wrong secret, which ends ERROR before any
 * record and says why among its errors.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RunsListIT extends FerryTestSupport {
    private static final String SANDBOX_SECRET = "it-runs-sandbox-secret";
    private static final String WRONG_SECRET = "it-runs-wrong-secret-7d1f";
    private static final String VIEWER_PASSWORD = "runs-viewer-password-1";

    private static JsonNode good;
    private static JsonNode broken;
    private static String goodProject;
    private static Instant between;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        return ferryWithSandbox(SANDBOX_SECRET);
    }

    private String api() {
        return baseUrl(context) + "/api";
    }

    @Before
    public void twoRuns() throws Exception {
        if (good != null) {
            return;
        }
        String base = baseUrl(context);
        awaitJson(api() + "/health", Duration.ofSeconds(30), h -> "UP".equals(h.path("status").asText()));
        String admin = adminToken(api());
        SandboxProjects.Created accounts = SandboxProjects.accounts(api(), base, admin, SANDBOX_SECRET, "Runs accounts");
        goodProject = accounts.project();
        good = SandboxProjects.run(api(), admin, goodProject);
        Thread.sleep(50);
        between = Instant.now();
        Thread.sleep(50);
        SandboxProjects.Created copy = SandboxProjects.accounts(api(), base, admin, SANDBOX_SECRET, "Runs broken");
        JsonNode sales = parse(call("GET", api() + "/connections/" + copy.sales(), admin, null));
        HttpResponse<String> changed = call("PUT", api() + "/connections/" + copy.sales(), admin, json(Map.of(
                "name", sales.path("name").asText(), "type", "dynamics-sales", "config", Map.of(
                        "baseUrl", base + "/sandbox/sales", "tokenUrl", base + "/sandbox/login/contoso/oauth2/v2.0/token",
                        "clientId", "ferry-sandbox", "clientSecret", WRONG_SECRET))));
        assertEquals(changed.body(), 200, changed.statusCode());
        broken = SandboxProjects.run(api(), admin, copy.project());
        ensureViewer(admin);
    }

    @Test
    public void runsOfEveryProjectAreListedNewestFirstAndFiltered() {
        String admin = adminToken(api());
        assertEquals("WARNING", good.path("status").asText());
        assertEquals(broken.toString(), "ERROR", broken.path("status").asText());
        String goodRun = good.path("id").asText();
        String brokenRun = broken.path("id").asText();

        assertEquals(List.of(brokenRun, goodRun), ids(list("", admin)));
        assertEquals(List.of(brokenRun), ids(list("?status=ERROR", admin)));
        assertEquals("any case, comma-separated", List.of(brokenRun, goodRun), ids(list("?status=warning,error", admin)));
        assertEquals("repeated", List.of(brokenRun, goodRun), ids(list("?status=WARNING&status=ERROR", admin)));
        assertEquals(List.of(), ids(list("?status=COMPLETED", admin)));
        assertEquals(List.of(goodRun), ids(list("?project=" + goodProject, admin)));
        assertEquals(List.of(brokenRun, goodRun), ids(list("?trigger=api", admin)));
        assertEquals(List.of(), ids(list("?trigger=schedule", admin)));
        assertEquals(List.of(brokenRun), ids(list("?from=" + enc(between.toString()), admin)));
        assertEquals(List.of(goodRun), ids(list("?to=" + enc(between.toString()), admin)));
        assertEquals("dates, and an empty parameter means any", List.of(brokenRun, goodRun),
                ids(list("?from=2000-01-01&to=2999-12-31&status=", admin)));
        assertEquals(List.of(), ids(list("?to=2000-01-01", admin)));

        JsonNode first = list("?limit=1", admin);
        assertEquals(List.of(brokenRun), ids(first));
        assertTrue(first.toString(), first.path("next").asText().startsWith("/api/runs?"));
        JsonNode second = parse(call("GET", baseUrl(context) + first.path("next").asText(), admin, null));
        assertEquals(List.of(goodRun), ids(second));
        assertTrue(second.path("next").isNull());
        JsonNode item = first.path("items").path(0);
        for (String field : List.of("id", "projectId", "status", "trigger", "mode", "startedAt", "endedAt", "tasks")) {
            assertTrue(field + " in " + item, item.has(field));
        }
    }

    @Test
    public void aParameterThatCannotBeUnderstoodIsA400NamingIt() {
        String admin = adminToken(api());
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("?status=DONE", "status");
        bad.put("?status=ERROR,finished", "status");
        bad.put("?trigger=cron", "trigger");
        bad.put("?from=yesterday", "from");
        bad.put("?to=2026-13-01", "to");
        bad.put("?from=2026-05-02&to=2026-05-01", "to");
        bad.put("?project=Runs%20accounts", "project");
        bad.put("?limit=0", "limit");
        bad.put("?limit=ten", "limit");
        bad.put("?offset=-1", "offset");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            HttpResponse<String> response = call("GET", api() + "/runs" + e.getKey(), admin, null);
            assertEquals(e.getKey() + ": " + response.body(), 400, response.statusCode());
            assertEquals(e.getKey(), "application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
            JsonNode problem = parse(response);
            assertEquals(e.getKey(), e.getValue(), problem.path("errors").path(0).path("field").asText());
            assertFalse(e.getKey(), problem.path("errors").path(0).path("message").asText().isBlank());
        }
        assertTrue("the valid statuses are named", parse(call("GET", api() + "/runs?status=DONE", admin, null))
                .path("detail").asText().contains("COMPLETED"));
    }

    @Test
    public void aViewerSeesTheSameRunsAndNoSecretInThemButCannotActOnThem() {
        String admin = adminToken(api());
        String viewer = login(baseUrl(context), "runs-viewer", VIEWER_PASSWORD);

        HttpResponse<String> seen = call("GET", api() + "/runs", viewer, null);
        assertEquals(seen.body(), 200, seen.statusCode());
        assertEquals(ids(list("", admin)), ids(parse(seen)));
        HttpResponse<String> errors = call("GET", api() + "/runs/" + broken.path("id").asText() + "/errors", viewer, null);
        assertEquals(200, errors.statusCode());
        for (HttpResponse<String> r : List.of(seen, errors)) {
            assertFalse(r.body(), r.body().contains(WRONG_SECRET));
            assertFalse(r.body(), r.body().contains(SANDBOX_SECRET));
        }
        assertEquals(403, call("POST", api() + "/runs/" + good.path("id").asText() + "/rerun", viewer, null).statusCode());
        assertEquals(401, anonymous("GET", api() + "/runs").statusCode());
    }

    @Test
    public void aRunThatEndedBeforeAnyRecordSaysWhyAmongItsErrors() {
        String admin = adminToken(api());
        JsonNode errors = parse(call("GET", api() + "/runs/" + broken.path("id").asText() + "/errors", admin, null));

        assertTrue(errors.toString(), errors.path("items").size() > 0);
        JsonNode why = errors.path("items").path(0);
        assertEquals("run", why.path("kind").asText());
        assertFalse(why.path("message").asText().isBlank());
        assertTrue(why + " / " + broken, broken.path("message").asText().contains(why.path("message").asText())
                || why.path("message").asText().contains(broken.path("message").asText()));
        for (JsonNode leg : broken.path("tasks").path(0).path("legs")) {
            assertEquals(0, leg.path("inserted").asInt() + leg.path("updated").asInt());
        }
    }

    @Test
    public void aRecordWithoutABusinessKeyIsNamedByItsSourceId() {
        String admin = adminToken(api());
        JsonNode errors = parse(call("GET", api() + "/runs/" + good.path("id").asText() + "/errors", admin, null));
        List<JsonNode> skipped = new ArrayList<>();
        errors.path("items").forEach(e -> {
            if ("skipped".equals(e.path("kind").asText())) {
                skipped.add(e);
            }
        });

        assertEquals(errors.toString(), 1, skipped.size());
        JsonNode record = skipped.get(0);
        assertTrue(record.toString(), record.path("businessKey").isNull());
        assertNotEquals(record.toString(), "", record.path("sourceId").asText(""));
        assertTrue(record.toString(), record.path("message").asText().startsWith("no business key"));
    }

    private JsonNode list(String query, String token) {
        HttpResponse<String> response = call("GET", api() + "/runs" + query, token, null);
        assertEquals(query + ": " + response.body(), 200, response.statusCode());
        return parse(response);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(r -> ids.add(r.path("id").asText()));
        return ids;
    }

    private void ensureViewer(String admin) {
        if (call("GET", api() + "/users/runs-viewer", admin, null).statusCode() == 404) {
            HttpResponse<String> created = call("POST", api() + "/users", admin,
                    json(Map.of("username", "runs-viewer", "password", VIEWER_PASSWORD, "role", "viewer")));
            assertEquals(created.body(), 201, created.statusCode());
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
