package org.ferry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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
 * Issue 17's API over real HTTP against the in-server sandbox: a run's failures grouped by cause, listed by group and
 * by business key with a total, exported as CSV, each with the record as read; the run's progress pushed as
 * server-sent events to the admin and to a viewer, with the source's count as the total, never a secret in them,
 * and a viewer's stream ended when the viewer logs out; a configuration tested before it is saved (a wrong secret
 * fails naming its field) and a connection set checked against its systems, every problem in one answer.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TriageIT extends FerryTestSupport {
    private static final String SANDBOX_SECRET = "it-triage-sandbox-secret-4e1";
    private static final String VIEWER_PASSWORD = "triage-viewer-password-1";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        return ferryWithSandbox(SANDBOX_SECRET);
    }

    private String api() {
        return baseUrl(context) + "/api";
    }

    @Test
    public void failuresAreTriagedExportedAndPushedToWhoMayReadThem() throws Exception {
        String viewer = freshViewer();
        String base = baseUrl(context);
        String admin = adminToken(api());
        assertEquals(401, anonymous("GET", api() + "/events").statusCode());
        assertEquals(401, call("GET", api() + "/events", "not-a-token", null).statusCode());
        SandboxProjects.Created accounts = SandboxProjects.accounts(api(), base, admin, SANDBOX_SECRET, "Triage accounts");

        try (EventTap adminEvents = new EventTap(api(), admin); EventTap viewerEvents = new EventTap(api(), viewer)) {
            assertEquals(200, adminEvents.status());
            assertEquals(200, viewerEvents.status());
            viewerEvents.await(e -> e.name().equals("ready"), Duration.ofSeconds(10));
            String runId = SandboxProjects.created(call("POST", api() + "/projects/" + accounts.project() + "/runs", admin,
                    json(Map.of("mode", "incremental", "trigger", "manual"))));
            JsonNode run = SandboxProjects.await(api(), admin, runId);

            assertEquals(run.toString(), "WARNING", run.path("status").asText());
            assertEquals("manual", run.path("trigger").asText());
            assertEquals("admin", run.path("startedBy").asText());
            JsonNode firstLeg = run.path("tasks").path(0).path("legs").path(0);
            assertEquals("the Dataverse $count is the leg's total: " + firstLeg, firstLeg.path("read").asLong(),
                    firstLeg.path("total").asLong());

            for (EventTap tap : List.of(adminEvents, viewerEvents)) {
                for (String action : List.of("queued", "started", "progress", "finished")) {
                    tap.await(e -> e.name().equals("run") && e.data().contains("\"action\":\"" + action + "\"")
                            && e.data().contains(runId), Duration.ofSeconds(10));
                }
                JsonNode finished = JSON.readTree(tap.await(e -> e.data().contains("\"action\":\"finished\""),
                        Duration.ofSeconds(10)).data());
                assertEquals("WARNING", finished.path("data").path("status").asText());
                assertEquals(accounts.project(), finished.path("projectId").asText());
            }

            // failures grouped by cause, as a viewer reads them
            JsonNode groups = parse(call("GET", api() + "/runs/" + runId + "/errors/groups", viewer, null)).path("items");
            JsonNode failed = null;
            for (JsonNode g : groups) {
                if (g.path("kind").asText().equals("failed")) {
                    failed = g;
                }
            }
            assertNotNull(groups.toString(), failed);
            assertEquals(firstLeg.path("failed").asLong(), failed.path("count").asLong());
            String key = failed.path("sampleKeys").path(0).asText();
            assertFalse(groups.toString(), key.isEmpty());
            JsonNode ofGroup = parse(call("GET", api() + "/runs/" + runId + "/errors?group=" + failed.path("group").asText(),
                    viewer, null));
            assertEquals(failed.path("count").asLong(), ofGroup.path("total").asLong());
            JsonNode record = ofGroup.path("items").path(0);
            assertEquals(key, record.path("businessKey").asText());
            assertEquals("the record as read is kept: " + record, key, record.path("source").path("accountnumber").asText());
            assertTrue(record.toString(), record.path("source").path("address1_country").isTextual());

            JsonNode byKey = parse(call("GET", api() + "/runs/" + runId + "/errors?q=" + enc(key.toLowerCase(java.util.Locale.ROOT)),
                    viewer, null));
            assertEquals(byKey.toString(), 1, byKey.path("total").asInt());
            JsonNode skipped = parse(call("GET", api() + "/runs/" + runId + "/errors?kind=skipped", viewer, null));
            assertEquals(firstLeg.path("skipped").asLong(), skipped.path("total").asLong());
            assertTrue("a skipped record without a key is named by its source id: " + skipped,
                    skipped.path("items").path(0).path("sourceId").isTextual());
            problem(call("GET", api() + "/runs/" + runId + "/errors?group=nonsense", viewer, null), 400, "group");
            problem(call("GET", api() + "/runs/" + runId + "/errors?kind=broken", viewer, null), 400, "kind");
            problem(call("GET", api() + "/runs/" + runId + "/errors?format=xml", viewer, null), 400, "format");
            assertEquals(404, call("GET", api() + "/runs/no-such-run/errors/groups", viewer, null).statusCode());

            HttpResponse<String> csv = call("GET", api() + "/runs/" + runId + "/errors?format=csv", viewer, null);
            assertEquals(csv.body(), 200, csv.statusCode());
            assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
            assertTrue(csv.headers().firstValue("Content-Disposition").orElse("").contains("attachment"));
            String[] rows = csv.body().split("\r\n");
            assertEquals("task,leg,kind,businessKey,sourceId,field,message,at,source,written", rows[0]);
            long errors = parse(call("GET", api() + "/runs/" + runId + "/errors?limit=1", viewer, null)).path("total").asLong();
            assertEquals(csv.body(), errors + 1, rows.length);
            assertTrue(csv.body(), csv.body().contains(key));

            // schedules are pushed too; then the viewer logs out and the viewer's stream ends at the next event
            assertEquals(200, call("PUT", api() + "/projects/" + accounts.project() + "/schedule", admin, json(Map.of(
                    "every", 1, "unit", "days", "start", Instant.now().plus(Duration.ofDays(1)).toString(), "enabled", true)))
                    .statusCode());
            viewerEvents.await(e -> e.name().equals("schedule") && e.data().contains("\"action\":\"set\""), Duration.ofSeconds(10));
            assertEquals(204, call("DELETE", api() + "/auth/token", viewer, null).statusCode());
            assertEquals(204, call("DELETE", api() + "/projects/" + accounts.project() + "/schedule", admin, null).statusCode());
            viewerEvents.await(e -> e.name().equals("end"), Duration.ofSeconds(10));
            viewerEvents.awaitEnd(Duration.ofSeconds(10));
            adminEvents.await(e -> e.name().equals("schedule") && e.data().contains("\"action\":\"removed\""), Duration.ofSeconds(10));
            assertFalse("the viewer saw nothing after the logout", viewerEvents.events().stream()
                    .anyMatch(e -> e.data().contains("\"action\":\"removed\"")));

            for (EventTap tap : List.of(adminEvents, viewerEvents)) {
                assertFalse("no secret in the event stream", tap.raw().contains(SANDBOX_SECRET));
                assertFalse(tap.raw().contains("clientSecret"));
                assertFalse(tap.raw().contains(admin));
            }
        }
    }

    @Test
    public void aConfigurationIsTestedBeforeItIsSavedAndASetIsCheckedAgainstItsSystems() throws Exception {
        String viewer = freshViewer();
        String base = baseUrl(context);
        String admin = adminToken(api());
        String tokenUrl = base + "/sandbox/login/contoso/oauth2/v2.0/token";
        Map<String, Object> wrong = Map.of("name", "Not saved", "type", "dynamics-sales", "config", Map.of("baseUrl",
                base + "/sandbox/sales", "tokenUrl", tokenUrl, "clientId", "ferry-sandbox", "clientSecret", "a-wrong-secret"));

        assertEquals("testing reaches out: admins only", 403, call("POST", api() + "/connections/test", viewer, json(wrong)).statusCode());
        JsonNode refused = parse(call("POST", api() + "/connections/test", admin, json(wrong)));
        assertFalse(refused.toString(), refused.path("ok").asBoolean());
        assertTrue("the field at fault is named: " + refused, refused.path("errors").toString().contains("config.clientSecret"));
        assertFalse(refused.toString().contains("a-wrong-secret"));
        JsonNode fine = parse(call("POST", api() + "/connections/test", admin, json(Map.of("type", "dynamics-sales",
                "config", Map.of("baseUrl", base + "/sandbox/sales", "tokenUrl", tokenUrl, "clientId", "ferry-sandbox",
                        "clientSecret", SANDBOX_SECRET)))));
        assertTrue(fine.toString(), fine.path("ok").asBoolean());
        assertFalse("nothing was saved", parse(call("GET", api() + "/connections", admin, null)).toString().contains("Not saved"));

        HttpResponse<String> invalid = call("POST", api() + "/connections/test", admin, json(Map.of("type", "dynamics-sales",
                "config", Map.of("baseUrl", "not a url", "clientId", "x", "retryBudget", "many"))));
        JsonNode body = problem(invalid, 422, "config.baseUrl");
        assertTrue("every problem of the form at once: " + body, body.path("errors").size() >= 2);

        SandboxProjects.Created accounts = SandboxProjects.accounts(api(), base, admin, SANDBOX_SECRET, "Tested accounts");
        JsonNode stored = parse(call("POST", api() + "/connections/test", admin, json(Map.of("id", accounts.sales(),
                "config", Map.of("baseUrl", base + "/sandbox/sales", "tokenUrl", tokenUrl, "clientId", "ferry-sandbox",
                        "clientSecret", "********")))));
        assertTrue("the mask stands for the stored secret: " + stored, stored.path("ok").asBoolean());

        HttpResponse<String> set = call("POST", api() + "/connection-sets", admin, json(Map.of("name", "Checked set",
                "connections", Map.of("sales", accounts.sales(), "cds", accounts.cds()),
                "organizationMappings", List.of(Map.of("name", "Main", "units", Map.of("sales", accounts.rootUnit(), "cds", "bad org!"))),
                "integrationKeys", Map.of("cds", Map.of("Account", List.of("AccountN"))))));
        JsonNode setProblems = problem(set, 422, "integrationKeys.cds.Account");
        assertTrue("the unit and the key in one answer: " + setProblems,
                setProblems.path("errors").toString().contains("organizationMappings[0].units.cds"));
        assertTrue(setProblems.toString(), setProblems.toString().contains("did you mean AccountId"));
    }

    /** A new session of the test's viewer, once the server is up. */
    private String freshViewer() throws InterruptedException {
        awaitJson(api() + "/health", Duration.ofSeconds(30), h -> h.has("status"));
        ensureUser(api(), "triage-viewer", VIEWER_PASSWORD, "viewer");
        return login(baseUrl(context), "triage-viewer", VIEWER_PASSWORD);
    }

    private static JsonNode problem(HttpResponse<String> response, int status, String field) {
        assertEquals(response.body(), status, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        JsonNode body = parse(response);
        assertTrue(field + " in " + body, body.path("errors").toString().contains("\"" + field + "\""));
        return body;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
