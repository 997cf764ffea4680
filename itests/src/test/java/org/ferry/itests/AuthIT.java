package org.ferry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
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
 * Authentication, roles, users and the problem bodies of the admin API, over real HTTP: no route but
 * {@code GET /api/health} answers without credentials, a viewer can change nothing, an operator can run
 * but not configure, failed logins are throttled.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AuthIT extends FerryTestSupport {
    private static final String VIEWER_PASSWORD = "viewer-password-1234";
    private static final String OPERATOR_PASSWORD = "operator-password-1234";
    /** Every route that changes something, with ids that need not exist: the role check comes first. */
    private static final List<String[]> CHANGES = List.of(
            r("POST", "/plugins"), r("DELETE", "/plugins/com.example.x"),
            r("POST", "/connections"), r("PUT", "/connections/c1"), r("DELETE", "/connections/c1"),
            r("POST", "/connections/c1/test"), r("POST", "/connections/c1/entities/refresh"),
            r("POST", "/connections/c1/actions/clear-all-data"),
            r("POST", "/connection-sets"), r("PUT", "/connection-sets/s1"), r("DELETE", "/connection-sets/s1"),
            r("POST", "/projects"), r("PUT", "/projects/p1"), r("DELETE", "/projects/p1"),
            r("POST", "/projects/p1/tasks"), r("PUT", "/projects/p1/tasks/t1"), r("DELETE", "/projects/p1/tasks/t1"),
            r("PUT", "/projects/p1/schedule"), r("DELETE", "/projects/p1/schedule"),
            r("POST", "/projects/p1/validate"), r("POST", "/projects/p1/runs"),
            r("POST", "/runs/r1/cancel"), r("POST", "/runs/r1/rerun"),
            r("POST", "/users"), r("PUT", "/users/someone"), r("DELETE", "/users/someone"),
            r("PATCH", "/connections/c1"));
    private static final List<String[]> OPERATIONS = List.of(r("POST", "/projects/p1/validate"),
            r("POST", "/projects/p1/runs"), r("POST", "/runs/r1/cancel"), r("POST", "/runs/r1/rerun"));
    /** Reads that make the server call the configured system: operator and admin only. */
    private static final List<String> REACHING_OUT = List.of("/connections/c1/entities", "/connections/c1/organizations");
    private static final List<String> READS = List.of("/connector-types", "/transforms", "/templates", "/plugins",
            "/connections", "/connection-sets", "/projects", "/runs", "/runs/r1", "/projects/p1/runs", "/openapi.json",
            "/projects/p1/schedule");

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        return ferry();
    }

    private String api() {
        return baseUrl(context) + "/api";
    }

    @Before
    public void users() throws Exception {
        awaitJson(api() + "/health", Duration.ofSeconds(30), h -> "UP".equals(h.path("status").asText()));
        ensureUser(api(), "vera", VIEWER_PASSWORD, "viewer");
        ensureUser(api(), "otto", OPERATOR_PASSWORD, "operator");
    }

    @Test
    public void noRouteButHealthAnswersWithoutCredentials() {
        assertEquals(200, anonymous("GET", api() + "/health").statusCode());
        List<String[]> all = new ArrayList<>(CHANGES);
        READS.forEach(p -> all.add(r("GET", p)));
        all.add(r("GET", "/users"));
        all.add(r("GET", "/audit"));
        all.add(r("GET", "/no-such-route"));
        all.add(r("DELETE", "/auth/token"));
        all.add(r("GET", "/health/../users"));
        for (String[] route : all) {
            HttpResponse<String> response = anonymous(route[0], api() + route[1]);
            String what = route[0] + " " + route[1];
            assertEquals(what, 401, response.statusCode());
            assertEquals(what, "application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
            assertTrue(what, response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
            assertEquals(what, 401, parse(response).path("status").asInt());
        }
        HttpResponse<String> badToken = call("GET", api() + "/connections", "not-a-token", null);
        assertEquals(401, badToken.statusCode());
    }

    @Test
    public void aViewerCanReadButChangeNothing() {
        String viewer = login(baseUrl(context), "vera", VIEWER_PASSWORD);
        for (String[] route : CHANGES) {
            HttpResponse<String> response = call(route[0], api() + route[1], viewer, route[0].equals("DELETE") ? null : "{}");
            assertEquals(route[0] + " " + route[1] + ": " + response.body(), 403, response.statusCode());
            assertEquals(403, parse(response).path("status").asInt());
        }
        for (String path : READS) {
            int status = call("GET", api() + path, viewer, null).statusCode();
            assertTrue("GET " + path + " answered " + status, status != 401 && status != 403);
        }
        for (String path : REACHING_OUT) {
            assertEquals("GET " + path, 403, call("GET", api() + path, viewer, null).statusCode());
        }
        assertEquals(200, call("GET", api() + "/connector-types", viewer, null).statusCode());
        assertEquals(403, call("GET", api() + "/users", viewer, null).statusCode());
        assertEquals(403, call("GET", api() + "/audit", viewer, null).statusCode());
    }

    @Test
    public void anOperatorRunsButDoesNotConfigure() {
        String operator = login(baseUrl(context), "otto", OPERATOR_PASSWORD);
        for (String[] route : CHANGES) {
            boolean allowed = OPERATIONS.stream().anyMatch(o -> o[0].equals(route[0]) && o[1].equals(route[1]));
            int status = call(route[0], api() + route[1], operator, route[0].equals("DELETE") ? null : "{}").statusCode();
            String what = route[0] + " " + route[1] + " answered " + status;
            if (allowed) {
                assertTrue(what, status != 401 && status != 403);
            } else {
                assertEquals(what, 403, status);
            }
        }
    }

    @Test
    public void basicCredentialsWorkAndWrongOnesDoNot() throws Exception {
        assertEquals(200, basic("admin", ADMIN_PASSWORD, "/connector-types").statusCode());
        assertEquals(200, basic("vera", VIEWER_PASSWORD, "/transforms").statusCode());
        assertEquals(403, basic("vera", VIEWER_PASSWORD, "/users").statusCode());
        HttpResponse<String> wrong = basic("vera", "wrong-password-123", "/transforms");
        assertEquals(401, wrong.statusCode());
        assertFalse(wrong.body().contains("wrong-password-123"));
    }

    @Test
    public void tokensExpireOnLogoutAndCarryAnExpiry() {
        HttpResponse<String> response = call("POST", api() + "/auth/token", null,
                json(Map.of("username", "vera", "password", VIEWER_PASSWORD)));
        assertEquals(200, response.statusCode());
        JsonNode body = parse(response);
        String token = body.path("token").asText();
        assertTrue("256 random bits, base64url", token.length() >= 43);
        assertTrue(body.path("expiresAt").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));
        assertEquals(200, call("GET", api() + "/transforms", token, null).statusCode());
        assertEquals(204, call("DELETE", api() + "/auth/token", token, null).statusCode());
        assertEquals(401, call("GET", api() + "/transforms", token, null).statusCode());
        assertEquals(401, call("POST", api() + "/auth/token", null,
                json(Map.of("username", "vera", "password", "not-her-password"))).statusCode());
    }

    @Test
    public void failedLoginsAreThrottled() {
        for (int i = 0; i < 5; i++) {
            assertEquals(401, call("POST", api() + "/auth/token", null,
                    json(Map.of("username", "ghost", "password", "guess-number-" + i))).statusCode());
        }
        HttpResponse<String> refused = call("POST", api() + "/auth/token", null,
                json(Map.of("username", "ghost", "password", "guess-number-6")));
        assertEquals(429, refused.statusCode());
        assertTrue(Integer.parseInt(refused.headers().firstValue("Retry-After").orElse("0")) > 0);
        assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));

        ensureUser(api(), "locked", "locked-password-1234", "viewer");
        for (int i = 0; i < 5; i++) {
            call("POST", api() + "/auth/token", null, json(Map.of("username", "locked", "password", "bad-guess-" + i)));
        }
        assertEquals("even the right password waits out the lock", 429, call("POST", api() + "/auth/token", null,
                json(Map.of("username", "locked", "password", "locked-password-1234"))).statusCode());
        assertEquals("other users are not locked out", 200, call("POST", api() + "/auth/token", null,
                json(Map.of("username", "vera", "password", VIEWER_PASSWORD))).statusCode());
    }

    @Test
    public void adminsManageUsers() {
        String admin = adminToken(api());
        HttpResponse<String> weak = call("POST", api() + "/users", admin,
                json(Map.of("username", "weak", "password", "short", "role", "viewer")));
        assertEquals(422, weak.statusCode());
        assertEquals("password", parse(weak).path("errors").path(0).path("field").asText());
        assertFalse(weak.body().contains("short\""));
        HttpResponse<String> unknownField = call("POST", api() + "/users", admin,
                "{\"username\": \"x\", \"password\": \"long-enough-pass\", \"role\": \"viewer\", \"admin\": true}");
        assertEquals(400, unknownField.statusCode());
        assertEquals("admin", parse(unknownField).path("errors").path(0).path("field").asText());
        assertEquals(400, call("POST", api() + "/users", admin, "{\"username\": ").statusCode());
        assertEquals(422, call("POST", api() + "/users", admin,
                json(Map.of("username", "rolf", "password", "long-enough-pass", "role", "root"))).statusCode());

        HttpResponse<String> created = call("POST", api() + "/users", admin,
                json(Map.of("username", "paula", "password", "paula-password-1", "role", "viewer")));
        assertEquals(created.body(), 201, created.statusCode());
        assertEquals("/api/users/paula", created.headers().firstValue("Location").orElse(""));
        assertFalse("no password or hash in answers", created.body().contains("password"));
        String paula = login(baseUrl(context), "paula", "paula-password-1");
        JsonNode changed = parse(call("PUT", api() + "/users/paula", admin,
                json(Map.of("role", "operator", "password", "paula-password-2"))));
        assertEquals("operator", changed.path("role").asText());
        assertEquals("a password change ends the user's sessions", 401,
                call("GET", api() + "/transforms", paula, null).statusCode());
        assertTrue(anyItem(parse(call("GET", api() + "/users", admin, null)), "username", "paula"));
        assertEquals(204, call("DELETE", api() + "/users/paula", admin, null).statusCode());
        assertEquals(404, call("GET", api() + "/users/paula", admin, null).statusCode());
        assertEquals("the last admin stays", 409, call("DELETE", api() + "/users/admin", admin, null).statusCode());
        assertEquals(409, call("PUT", api() + "/users/admin", admin, json(Map.of("role", "viewer"))).statusCode());
    }

    @Test
    public void errorsAreProblemBodies() {
        String admin = adminToken(api());
        HttpResponse<String> wrongType = send("POST", "/users", admin, "text/plain", "hello");
        assertEquals(415, wrongType.statusCode());
        assertEquals("application/problem+json", wrongType.headers().firstValue("Content-Type").orElse(""));
        HttpResponse<String> wrongMethod = call("PATCH", api() + "/users", admin, "{}");
        assertEquals(405, wrongMethod.statusCode());
        assertEquals(405, parse(wrongMethod).path("status").asInt());
        HttpResponse<String> missing = call("GET", api() + "/no-such-route", admin, null);
        assertEquals(404, missing.statusCode());
        HttpResponse<String> badPaging = call("GET", api() + "/users?limit=0", admin, null);
        assertEquals(400, badPaging.statusCode());
        assertEquals("limit", parse(badPaging).path("errors").path(0).path("field").asText());
        // what Jetty refuses before any servlet sees it: the same shape, naming the path
        for (String path : List.of("/api/connections//test", "//api/health", "/api/%2e%2e/users", "/api/a%2Fb",
                "/api/health/..;/users")) {
            for (String method : List.of("GET", "POST")) {
                HttpResponse<String> ambiguous = call(method, baseUrl(context) + path, admin, null);
                assertEquals(method + " " + path, 400, ambiguous.statusCode());
                assertEquals(method + " " + path, "application/problem+json",
                        ambiguous.headers().firstValue("Content-Type").orElse(""));
                assertEquals(method + " " + path, "path", parse(ambiguous).path("errors").path(0).path("field").asText());
            }
        }
        HttpResponse<String> notAnApiPath = anonymous("GET", baseUrl(context) + "/no-such-page");
        assertEquals(404, notAnApiPath.statusCode());
        assertEquals(404, parse(notAnApiPath).path("status").asInt());
    }

    @Test
    public void listsArePaged() {
        String admin = adminToken(api());
        ensureUser(api(), "pager-a", "pager-password-1", "viewer");
        ensureUser(api(), "pager-b", "pager-password-2", "viewer");
        JsonNode first = parse(call("GET", api() + "/users?limit=1", admin, null));
        assertEquals(1, first.path("items").size());
        assertEquals("/api/users?limit=1&offset=1", sortQuery(first.path("next").asText()));
        JsonNode second = parse(call("GET", baseUrl(context) + first.path("next").asText(), admin, null));
        assertNotEquals(first.path("items").path(0).path("username"), second.path("items").path(0).path("username"));
        JsonNode all = parse(call("GET", api() + "/users?limit=500", admin, null));
        assertTrue(all.path("next").isNull());
    }

    @Test
    public void theOpenApiDocumentDescribesEveryRoute() {
        JsonNode doc = parse(call("GET", api() + "/openapi.json", login(baseUrl(context), "vera", VIEWER_PASSWORD), null));
        assertEquals("3.1.0", doc.path("openapi").asText());
        JsonNode paths = doc.path("paths");
        for (String path : List.of("/health", "/auth/token", "/users", "/users/{username}", "/connections",
                "/connections/{id}", "/connections/{id}/test", "/connections/{id}/entities",
                "/connections/{id}/entities/{entity}", "/connections/{id}/entities/refresh",
                "/connections/{id}/organizations", "/connections/{id}/actions", "/connections/{id}/actions/{action}",
                "/connection-sets", "/connection-sets/{id}", "/projects", "/projects/{id}", "/projects/{id}/validate",
                "/projects/{projectId}/tasks", "/projects/{projectId}/tasks/{taskId}", "/projects/{projectId}/runs",
                "/projects/{projectId}/schedule", "/runs", "/runs/{runId}", "/runs/{runId}/errors", "/runs/{runId}/cancel",
                "/runs/{runId}/rerun", "/audit", "/plugins", "/plugins/{symbolicName}", "/connector-types",
                "/transforms", "/templates", "/openapi.json")) {
            assertTrue(path + " missing from " + paths.fieldNames(), paths.has(path));
        }
        assertEquals("admin", paths.path("/connections/{id}/test").path("post").path("x-required-role").asText());
        assertEquals("operator", paths.path("/projects/{projectId}/runs").path("post").path("x-required-role").asText());
        assertEquals(0, paths.path("/health").path("get").path("security").size());
        assertTrue(doc.path("components").path("schemas").has("ConnectionInfo"));
        assertTrue(doc.path("components").path("schemas").has("RunInfo"));
    }

    @Test
    public void loginsAreAudited() {
        String admin = adminToken(api());
        call("POST", api() + "/auth/token", null, json(Map.of("username", "vera", "password", "not-it-at-all")));
        HttpResponse<String> audit = call("GET", api() + "/audit?limit=500", admin, null);
        assertEquals(200, audit.statusCode());
        JsonNode entries = parse(audit);
        assertTrue(anyItem(entries, "action", "login"));
        assertTrue(anyItem(entries, "action", "login.failed"));
        assertTrue(anyItem(entries, "action", "user.create"));
        assertFalse(audit.body().contains("not-it-at-all"));
        assertFalse(audit.body().contains(ADMIN_PASSWORD));
    }

    private HttpResponse<String> basic(String user, String password, String path) throws Exception {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api() + path))
                .header("Authorization", "Basic " + credentials).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String token, String contentType, String body) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api() + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String sortQuery(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        List<String> params = new ArrayList<>(List.of(pathAndQuery.substring(q + 1).split("&")));
        params.sort(null);
        return pathAndQuery.substring(0, q + 1) + String.join("&", params);
    }

    private static String[] r(String method, String path) {
        return new String[] {method, path};
    }
}
