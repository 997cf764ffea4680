package org.ferry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
 * The findings of the hostile test of issue 20, each reproduced over real HTTP against a running framework:
 * matrix parameters that opened admin routes (1), a set too large to read back (3), unbounded bodies (4),
 * 500s on nulls, numbers and filters (6), webhook URLs in the clear (7), SSRF (8), and the smaller ones (10).
 * Lockout (5), plugins (2, 9) and the initial password (7) have their own classes.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SecurityIT extends FerryTestSupport {
    private static final String SANDBOX_SECRET = "security-it-sandbox-secret";
    private static final String VIEWER_PASSWORD = "viewer-password-1234";
    private static final String OPERATOR_PASSWORD = "operator-password-1234";

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
    public void users() throws Exception {
        awaitJson(api() + "/health", Duration.ofSeconds(30), h -> h.has("status"));
        ensureUser(api(), "vera", VIEWER_PASSWORD, "viewer");
        ensureUser(api(), "otto", OPERATOR_PASSWORD, "operator");
    }

    /** Finding 1: the role is decided on the route Jersey matched, matrix parameters and all. */
    @Test
    public void matrixParametersDoNotOpenAdminRoutes() {
        String viewer = login(baseUrl(context), "vera", VIEWER_PASSWORD);
        for (String path : List.of("/users;x=1", "/users;x=1/admin", "/audit;jsessionid=1?limit=5", "/users/;x=1",
                "/users;jsessionid=ABC", "/users/admin;x=1", "/audit;x=1;y=2", "/users;/admin")) {
            HttpResponse<String> r = call("GET", api() + path, viewer, null);
            assertTrue("GET " + path + " answered " + r.statusCode() + ": " + r.body(),
                    r.statusCode() == 403 || r.statusCode() == 404 || r.statusCode() == 400);
            assertFalse(path, r.body().contains("\"username\""));
        }
        assertEquals(200, call("GET", api() + "/users;x=1", adminToken(api()), null).statusCode());
    }

    /** Finding 3: a set with hundreds of mappings is read, listed and deleted; more than the limit is refused. */
    @Test
    public void aConnectionSetWithHundredsOfMappingsIsReadListedAndDeleted() {
        String admin = adminToken(api());
        String hub = hub("Many-mappings hub", "security-it-many");
        List<Map<String, Object>> mappings = new ArrayList<>();
        for (int i = 0; i < 800; i++) {
            // the hub's one organization each time: a set's units must be units its connections have (issue 17)
            mappings.add(Map.of("name", "Organization mapping number " + i, "units", Map.of("cds", "ORG001")));
        }
        String set = created(call("POST", api() + "/connection-sets", admin, json(Map.of("name", "800 mappings",
                "connections", Map.of("cds", hub), "organizationMappings", mappings))));
        HttpResponse<String> read = call("GET", api() + "/connection-sets/" + set, admin, null);
        assertEquals(read.body(), 200, read.statusCode());
        assertEquals(800, parse(read).path("organizationMappings").size());
        assertEquals(200, call("GET", api() + "/connection-sets", admin, null).statusCode());
        assertEquals(204, call("DELETE", api() + "/connection-sets/" + set, admin, null).statusCode());

        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(Map.of("name", "M" + i, "units", Map.of("cds", "U" + i)));
        }
        HttpResponse<String> refused = call("POST", api() + "/connection-sets", admin, json(Map.of("name", "Too many",
                "connections", Map.of("cds", hub), "organizationMappings", tooMany)));
        assertEquals(refused.body(), 422, refused.statusCode());
        assertEquals("organizationMappings", parse(refused).path("errors").path(0).path("field").asText());
    }

    /** Finding 4: a body over the limit is refused with 413 before it is read, and while it is read when chunked. */
    @Test
    public void bodiesOverTheLimitAnswer413() throws Exception {
        String admin = adminToken(api());
        String big = "{\"name\": \"" + "x".repeat(5 * 1024 * 1024) + "\", \"type\": \"cds\", \"config\": {}}";
        // Expect: 100-continue, as a client sending a large body should: the answer comes before any of the body
        // is sent. Without it, whether a client reads the 413 or loses it to the closed connection while still
        // sending depends on its socket buffers (it hung once until the request's timeout on a CI machine).
        HttpResponse<String> announced = send(HttpRequest.newBuilder(URI.create(api() + "/connections"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).expectContinue(true).POST(HttpRequest.BodyPublishers.ofString(big))
                .build());
        assertEquals(413, announced.statusCode());
        assertEquals("close", announced.headers().firstValue("Connection").orElse(""));
        assertEquals("application/problem+json", announced.headers().firstValue("Content-Type").orElse(""));
        assertEquals(413, parse(announced).path("status").asInt());

        HttpResponse<String> chunked = send(HttpRequest.newBuilder(URI.create(api() + "/connections"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes())))
                .build());
        assertEquals(chunked.body(), 413, chunked.statusCode());
        assertEquals(413, parse(chunked).path("status").asInt());
        assertEquals(200, call("GET", api() + "/health", null, null).statusCode());
    }

    /** Finding 6: nulls in maps and lists, bad numbers and hostile filters are 400 or 422 naming the field. */
    @Test
    public void nullsNumbersAndFiltersAreAnsweredNamingTheField() {
        String admin = adminToken(api());
        String hub = hub("Null-test hub", "security-it-nulls");
        String set = set("Null-test set", hub);
        String project = project("Null-test project", set);
        Map<String, String> shapes = new LinkedHashMap<>();
        shapes.put("POST /connections", "{\"name\": \"n\", \"type\": \"cds\", \"config\": {\"environment\": null}}");
        shapes.put("PUT /connections/" + hub, "{\"name\": \"n\", \"type\": \"cds\", \"config\": {\"environment\": null}}");
        shapes.put("POST /connection-sets", "{\"name\": \"n\", \"connections\": {\"cds\": null}}");
        shapes.put("POST /connection-sets ", "{\"name\": \"n\", \"connections\": {\"cds\": \"" + hub
                + "\"}, \"organizationMappings\": [null]}");
        shapes.put("POST /connection-sets  ", "{\"name\": \"n\", \"connections\": {\"cds\": \"" + hub
                + "\"}, \"organizationMappings\": [{\"name\": \"m\", \"units\": {\"cds\": null}}]}");
        shapes.put("POST /connection-sets   ", "{\"name\": \"n\", \"connections\": {\"cds\": \"" + hub
                + "\"}, \"integrationKeys\": {\"cds\": {\"Account\": [null]}}}");
        shapes.put("POST /connection-sets    ", "{\"name\": \"n\", \"connections\": {\"cds\": \"" + hub
                + "\"}, \"integrationKeys\": {\"cds\": null}}");
        shapes.put("POST /projects/" + project + "/tasks", "{\"name\": \"t\", \"legs\": [null]}");
        shapes.put("POST /projects/" + project + "/tasks ", "{\"name\": \"t\", \"legs\": [{\"sourceRole\": \"cds\","
                + " \"sourceEntity\": \"Account\", \"targetRole\": \"cds\", \"targetEntity\": \"Contact\", \"mappings\": [null]}]}");
        shapes.put("POST /projects/" + project + "/tasks  ", "{\"name\": \"t\", \"legs\": [{\"sourceRole\": \"cds\","
                + " \"sourceEntity\": \"Account\", \"targetRole\": \"cds\", \"targetEntity\": \"Contact\", \"mappings\":"
                + " [{\"target\": \"Name\", \"source\": \"Name\", \"transforms\": [null]}]}]}");
        shapes.put("POST /projects/" + project + "/tasks   ", "{\"name\": \"t\", \"legs\": [{\"sourceRole\": \"cds\","
                + " \"sourceEntity\": \"Account\", \"targetRole\": \"cds\", \"targetEntity\": \"Contact\", \"businessKey\": [null],"
                + " \"mappings\": [{\"target\": \"Name\", \"source\": \"Name\"}]}]}");
        shapes.put("PUT /projects/" + project + "/schedule", "{\"every\": 2147483648, \"unit\": \"hours\","
                + " \"start\": \"2026-01-01T00:00:00Z\"}");
        shapes.put("PUT /projects/" + project + "/notifications", "{\"url\": \"https://hooks.example.com/x\", \"statuses\": [null]}");
        shapes.put("POST /users", "{\"username\": null, \"password\": null, \"role\": null}");
        shapes.put("POST /projects", "{\"name\": \"p\", \"connectionSet\": \"" + set + "\", \"consent\": {\"accepted\": true},"
                + " \"tasks\": [null]}");
        shapes.put("POST /projects/import", "{\"project\": {\"format\": 1, \"name\": \"x\", \"roles\": {\"cds\": null},"
                + " \"tasks\": [null]}, \"connectionSet\": \"" + set + "\", \"consent\": {\"accepted\": true}}");
        String deep = "(".repeat(10_000) + "Name eq 'x'" + ")".repeat(10_000);
        shapes.put("POST /projects/" + project + "/tasks    ", json(Map.of("name", "Deep", "legs", List.of(Map.of(
                "sourceRole", "cds", "sourceEntity", "Account", "targetRole", "cds", "targetEntity", "Contact",
                "filter", deep, "mappings", List.of(Map.of("target", "Name", "source", "Name")))))));
        shapes.put("POST /projects/" + project + "/tasks     ", json(Map.of("name", "Nested", "legs", List.of(Map.of(
                "sourceRole", "cds", "sourceEntity", "Account", "targetRole", "cds", "targetEntity", "Contact",
                "filter", "(".repeat(100) + "Name eq 'x'" + ")".repeat(100),
                "mappings", List.of(Map.of("target", "Name", "source", "Name")))))));
        for (Map.Entry<String, String> shape : shapes.entrySet()) {
            String[] route = shape.getKey().trim().split(" ", 2);
            HttpResponse<String> r = call(route[0], api() + route[1], admin, shape.getValue());
            String what = shape.getKey().trim() + " " + abbreviated(shape.getValue()) + " answered " + r.statusCode() + " "
                    + abbreviated(r.body());
            assertTrue(what, r.statusCode() == 400 || r.statusCode() == 422);
            JsonNode errors = parse(r).path("errors");
            assertTrue(what + ": no field named", errors.size() > 0 && !errors.path(0).path("field").isNull()
                    && !errors.path(0).path("field").asText().isEmpty());
        }
        for (String query : List.of("limit=abc", "limit=1e3", "limit=2147483648", "offset=abc", "offset=-1", "limit=0")) {
            HttpResponse<String> r = call("GET", api() + "/connections?" + query, admin, null);
            String name = query.substring(0, query.indexOf('='));
            assertTrue(query + " answered " + r.statusCode(), r.statusCode() == 400 || r.statusCode() == 422);
            assertEquals(query, name, parse(r).path("errors").path(0).path("field").asText());
        }
    }

    /** Finding 7: webhook URLs are sealed at rest and shown to admins only. */
    @Test
    public void webhookUrlsAreSealedAtRestAndMaskedToNonAdmins() throws Exception {
        String admin = adminToken(api());
        String hub = hub("Webhook hub", "security-it-hooks");
        String set = set("Webhook set", hub);
        String project = project("Webhook project", set);
        String token = "hooktoken" + Long.toHexString(System.nanoTime());
        String url = "https://hooks.example.com/services/T000/B000/" + token;
        HttpResponse<String> put = call("PUT", api() + "/projects/" + project + "/notifications", admin,
                json(Map.of("url", url)));
        assertEquals(put.body(), 200, put.statusCode());
        assertEquals(url, parse(call("GET", api() + "/projects/" + project + "/notifications", admin, null)).path("url").asText());
        for (String user : List.of("vera", "otto")) {
            String t = login(baseUrl(context), user, user.equals("vera") ? VIEWER_PASSWORD : OPERATOR_PASSWORD);
            HttpResponse<String> seen = call("GET", api() + "/projects/" + project + "/notifications", t, null);
            assertEquals(200, seen.statusCode());
            assertFalse(user + " sees the token: " + seen.body(), seen.body().contains(token));
            assertEquals("https://hooks.example.com/********", parse(seen).path("url").asText());
        }
        Scan scan = filesContaining(List.of(dataDir(context)), token);
        assertEquals("the webhook's token is in plain text in these files", List.of(), scan.found());
    }

    /** Finding 8: the egress policy, the roles of calls that reach out, and a bounded connection test. */
    @Test
    public void serverSideRequestsAreBounded() throws Exception {
        String admin = adminToken(api());
        for (String url : List.of("https://169.254.169.254/", "https://metadata.google.internal/", "https://10.0.0.1/",
                "https://[fe80::1]/", "https://contoso.example.com:99999/")) {
            HttpResponse<String> r = call("POST", api() + "/connections", admin, json(Map.of("name", "SSRF " + url,
                    "type", "dynamics-sales", "config", Map.of("baseUrl", url, "clientId", "x", "clientSecret", "y"))));
            assertEquals(url + ": " + r.body(), 422, r.statusCode());
            assertTrue(r.body(), errorFields(r).contains("config.baseUrl"));
        }
        HttpResponse<String> lookup = call("POST", api() + "/connections", admin, json(Map.of("name", "Lookup",
                "type", "cds", "config", Map.of("environment", "${${lower:j}ndi:ldap://127.0.0.1:1389/a}"))));
        assertEquals(lookup.body(), 422, lookup.statusCode());
        assertTrue(lookup.body(), errorFields(lookup).contains("config.environment"));

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String base = baseUrl(context);
        String dead = created(call("POST", api() + "/connections", admin, json(Map.of("name", "Closed port",
                "type", "dynamics-sales", "config", Map.of("baseUrl", "http://127.0.0.1:" + closed + "/sales",
                        "tokenUrl", base + "/sandbox/login/contoso/oauth2/v2.0/token", "clientId", "ferry-sandbox",
                        "clientSecret", SANDBOX_SECRET)))));
        long t0 = System.nanoTime();
        HttpResponse<String> test = call("POST", api() + "/connections/" + dead + "/test", admin, null);
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        assertEquals(test.body(), 200, test.statusCode());
        assertFalse(parse(test).path("ok").asBoolean());
        assertTrue("the test took " + seconds + " s", seconds <= 12);

        String live = created(call("POST", api() + "/connections", admin, json(Map.of("name", "Live sales",
                "type", "dynamics-sales", "config", Map.of("baseUrl", base + "/sandbox/sales",
                        "tokenUrl", base + "/sandbox/login/contoso/oauth2/v2.0/token", "clientId", "ferry-sandbox",
                        "clientSecret", SANDBOX_SECRET)))));
        String viewer = login(baseUrl(context), "vera", VIEWER_PASSWORD);
        String operator = login(baseUrl(context), "otto", OPERATOR_PASSWORD);
        for (String path : List.of("/entities", "/entities/account", "/organizations", "/actions")) {
            assertEquals(path, 403, call("GET", api() + "/connections/" + live + path, viewer, null).statusCode());
            assertEquals(path, 200, call("GET", api() + "/connections/" + live + path, operator, null).statusCode());
        }
        assertEquals(403, call("POST", api() + "/connections/" + live + "/test", operator, null).statusCode());
        HttpResponse<String> hook = call("PUT", api() + "/projects/none/notifications", admin,
                json(Map.of("url", "https://169.254.169.254/latest")));
        assertTrue(hook.body(), hook.statusCode() == 404 || hook.statusCode() == 422);
    }

    /** Finding 10: TRACE, security headers, body types of actions, unique names, the save-as-template race. */
    @Test
    public void traceIsRefusedAndEveryAnswerCarriesTheSecurityHeaders() throws Exception {
        for (String path : List.of("/", "/index.html", "/api/health", "/api/users", "/sandbox/sales/accounts")) {
            HttpResponse<String> r = raw("TRACE", baseUrl(context) + path, Map.of("X-Probe", "echo-me"), null);
            assertEquals("TRACE " + path, 405, r.statusCode());
            assertFalse("TRACE " + path + " echoed the request", r.body().contains("echo-me"));
        }
        String admin = adminToken(api());
        List<HttpResponse<String>> answers = List.of(
                call("GET", api() + "/health", null, null),
                call("POST", api() + "/auth/token", null, json(Map.of("username", "vera", "password", VIEWER_PASSWORD))),
                call("GET", api() + "/connections", null, null),
                call("GET", api() + "/connections", admin, null),
                call("GET", api() + "/no-such-route", admin, null),
                call("POST", api() + "/users", admin, "{"));
        for (HttpResponse<String> r : answers) {
            String what = r.request().method() + " " + r.uri() + " (" + r.statusCode() + ")";
            assertEquals(what, "no-store", r.headers().firstValue("Cache-Control").orElse(""));
            assertEquals(what, "nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
        }
        assertEquals("nosniff", raw("GET", baseUrl(context) + "/", Map.of(), null).headers()
                .firstValue("X-Content-Type-Options").orElse(""));
    }

    @Test
    public void actionsTakeJsonOrNoBodyAtAll() throws Exception {
        String admin = adminToken(api());
        for (String action : List.of("/runs/r1/rerun", "/runs/r1/cancel", "/connections/c1/test",
                "/connections/c1/actions/clear-all-data", "/projects/p1/runs", "/projects/p1/validate")) {
            for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
                HttpResponse<String> r = raw("POST", api() + action, Map.of("Authorization", "Bearer " + admin,
                        "Content-Type", type), "a=b");
                assertEquals(action + " with " + type, 415, r.statusCode());
            }
            HttpResponse<String> untyped = raw("POST", api() + action, Map.of("Authorization", "Bearer " + admin), "{}");
            assertEquals(action + " with a body but no type", 415, untyped.statusCode());
            assertEquals(action + " with no body", 404, raw("POST", api() + action,
                    Map.of("Authorization", "Bearer " + admin), null).statusCode());
            assertEquals(action + " with JSON", 404, call("POST", api() + action, admin, "{}").statusCode());
        }
    }

    @Test
    public void namesAreUniqueCaseInsensitiveEvenUnderConcurrentCreates() throws Exception {
        String admin = adminToken(api());
        String name = "Concurrent hub " + System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String spelled = i % 2 == 0 ? name : name.toUpperCase();
            statuses.add(pool.submit(() -> call("POST", api() + "/connections", admin, json(Map.of("name", spelled,
                    "type", "cds", "config", Map.of("environment", "security-it-race", "organizations", "ORG001"))))
                    .statusCode()));
        }
        Map<Integer, Integer> counted = new TreeMap<>();
        for (Future<Integer> f : statuses) {
            counted.merge(f.get(), 1, Integer::sum);
        }
        assertEquals(Map.of(201, 1, 409, 49), counted);
        HttpResponse<String> again = call("POST", api() + "/connections", admin, json(Map.of("name", " " + name.toLowerCase(),
                "type", "cds", "config", Map.of("environment", "security-it-race", "organizations", "ORG001"))));
        assertEquals(409, again.statusCode());
        assertEquals("application/problem+json", again.headers().firstValue("Content-Type").orElse(""));

        String hub = hub("Template hub", "security-it-templates");
        String set = set("Template set", hub);
        String project = created(call("POST", api() + "/projects", admin, json(Map.of("name", "Template source",
                "connectionSet", set, "consent", Map.of("accepted", true), "tasks", List.of(Map.of("name", "Copy",
                        "legs", List.of(Map.of("sourceRole", "cds", "sourceEntity", "Account", "targetRole", "cds",
                                "targetEntity", "Contact", "mappings", List.of(Map.of("target", "FirstName",
                                        "source", "Name"))))))))));
        List<Future<Integer>> saves = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = i % 2 == 0 ? "raced-template" : "Raced-Template";
            saves.add(pool.submit(() -> call("POST", api() + "/projects/" + project + "/save-as-template", admin,
                    json(Map.of("id", id, "name", "Raced"))).statusCode()));
        }
        Map<Integer, Integer> saved = new TreeMap<>();
        for (Future<Integer> f : saves) {
            saved.merge(f.get(), 1, Integer::sum);
        }
        pool.shutdown();
        assertEquals(Map.of(201, 1, 409, 19), saved);
    }

    /** A hub connection (the embedded CDS): no remote system needed. */
    private String hub(String name, String environment) {
        return created(call("POST", api() + "/connections", adminToken(api()), json(Map.of("name", name, "type", "cds",
                "config", Map.of("environment", environment, "organizations", "ORG001")))));
    }

    private String set(String name, String hub) {
        return created(call("POST", api() + "/connection-sets", adminToken(api()), json(Map.of("name", name,
                "connections", Map.of("cds", hub)))));
    }

    private String project(String name, String set) {
        return created(call("POST", api() + "/projects", adminToken(api()), json(Map.of("name", name,
                "connectionSet", set, "consent", Map.of("accepted", true)))));
    }

    private static List<String> errorFields(HttpResponse<String> r) {
        List<String> fields = new ArrayList<>();
        parse(r).path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }

    private static String created(HttpResponse<String> r) {
        assertEquals(r.body(), 201, r.statusCode());
        String id = parse(r).path("id").asText();
        assertNotEquals("", id);
        return id;
    }

    private static String abbreviated(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    /** A request exactly as given: any method, headers and body, no content type unless one is named. */
    static HttpResponse<String> raw(String method, String url, Map<String, String> headers, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return send(b.build());
    }
}
