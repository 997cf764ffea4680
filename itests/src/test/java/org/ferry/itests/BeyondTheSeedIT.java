package org.ferry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

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
 * What the Data Integrator promised "eventually", through the admin API over the in-server sandbox:
 * a preview that writes nothing, fix-and-replay of the failed records, a webhook on WARNING, and a
 * project exported as code and imported onto another connection set with renamed roles.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BeyondTheSeedIT extends FerryTestSupport {
    private static final String SECRET = "it-beyond-sandbox-secret";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        return ferryWithSandbox(SECRET);
    }

    @Test
    public void previewReplayWebhookAndProjectsAsCode() throws Exception {
        String base = baseUrl(context);
        String api = base + "/api";
        awaitJson(api + "/health", Duration.ofSeconds(30), h -> "UP".equals(h.path("status").asText()));
        String admin = adminToken(api);
        SandboxProjects.Created p2c = SandboxProjects.accounts(api, base, admin, SECRET, "Accounts");

        // preview: live records through the mapping, the bad one with its error, nothing written
        String taskId = parse(call("GET", api + "/projects/" + p2c.project() + "/tasks", admin, null))
                .path("items").path(0).path("id").asText();
        JsonNode preview = parse(call("POST", api + "/projects/" + p2c.project() + "/tasks/" + taskId + "/preview", admin,
                json(Map.of("limit", 100))));
        JsonNode bad = find(preview.path("items"), r -> r.path("source").path("accountnumber").asText().equals("ACC-01998-BADCTY"));
        assertEquals("failed", bad.path("status").asText());
        assertEquals("Address1_Country", bad.path("field").asText());
        assertTrue(preview.path("items").size() > 30);
        assertEquals(0, parse(call("GET", api + "/projects/" + p2c.project() + "/runs", admin, null)).path("items").size());

        // a webhook, then a run that ends WARNING
        try (Receiver hook = new Receiver()) {
            assertEquals(200, call("PUT", api + "/projects/" + p2c.project() + "/notifications", admin,
                    json(Map.of("url", "http://127.0.0.1:" + hook.port() + "/ferry"))).statusCode());
            JsonNode first = SandboxProjects.run(api, admin, p2c.project());
            assertEquals("WARNING", first.path("status").asText());
            String delivered = hook.bodies.poll(30, TimeUnit.SECONDS);
            assertTrue(delivered, delivered != null && delivered.contains("\"status\":\"WARNING\"")
                    && delivered.contains(first.path("id").asText()));
            assertFalse("no secret in a notification", delivered.contains(SECRET));

            // fix the record at the source, then replay only what failed
            String sandboxToken = SandboxProjects.sandboxToken(base, SECRET);
            HttpResponse<String> fix = call("PATCH", base + "/sandbox/sales/api/data/v9.2/accounts(accountnumber='ACC-01998-BADCTY')",
                    sandboxToken, json(Map.of("address1_country", "United States")));
            assertEquals(fix.body(), 204, fix.statusCode());
            HttpResponse<String> replayStarted = call("POST", api + "/runs/" + first.path("id").asText() + "/retry-failed", admin, null);
            assertEquals(replayStarted.body(), 202, replayStarted.statusCode());
            JsonNode replay = SandboxProjects.await(api, admin, parse(replayStarted).path("id").asText());
            assertEquals("replay", replay.path("mode").asText());
            assertEquals(first.path("id").asText(), replay.path("rerunOf").asText());
            JsonNode toHub = replay.path("tasks").path(0).path("legs").path(0);
            assertEquals(toHub.toString(), 1, toHub.path("read").asInt());
            assertEquals(toHub.toString(), 1, toHub.path("inserted").asInt());
            assertEquals("COMPLETED", replay.path("status").asText());
        }

        // projects as code: stable export, import onto another set whose roles have other names
        String exported = call("GET", api + "/projects/" + p2c.project() + "/export", admin, null).body();
        assertEquals(exported, call("GET", api + "/projects/" + p2c.project() + "/export", admin, null).body());
        JsonNode export = JSON.readTree(exported);
        assertFalse(exported.contains("\"id\"") || exported.contains(SECRET) || exported.contains("createdAt"));
        assertEquals("dynamics-sales", export.path("roles").path("sales").asText());
        String prodSet = parse(call("POST", api + "/connection-sets", admin, json(Map.of("name", "Prod",
                "connections", Map.of("crm", p2c.sales(), "hub", p2c.cds(), "erp", p2c.operations()),
                "organizationMappings", List.of(Map.of("name", "USMF", "units", Map.of("crm", p2c.rootUnit(), "hub", "ORG001",
                        "erp", "USMF"))))))).path("id").asText();
        HttpResponse<String> wrongType = call("POST", api + "/projects/import", admin, json(Map.of("project", export,
                "connectionSet", prodSet, "organizationMapping", "USMF", "roles", Map.of("sales", "erp", "cds", "hub",
                        "operations", "crm"), "consent", Map.of("accepted", true))));
        assertEquals(wrongType.body(), 422, wrongType.statusCode());
        assertTrue(wrongType.body(), wrongType.body().contains("roles.sales"));
        HttpResponse<String> imported = call("POST", api + "/projects/import", admin, json(Map.of("project", export,
                "name", "Accounts (prod)", "connectionSet", prodSet, "organizationMapping", "USMF",
                "roles", Map.of("sales", "crm", "cds", "hub", "operations", "erp"), "consent", Map.of("accepted", true))));
        assertEquals(imported.body(), 201, imported.statusCode());
        JsonNode prod = parse(imported);
        assertEquals("crm", prod.path("tasks").path(0).path("legs").path(0).path("sourceRole").asText());
        assertEquals(0, parse(call("POST", api + "/projects/" + prod.path("id").asText() + "/validate", admin, null))
                .path("items").size());
        JsonNode all = parse(call("GET", api + "/projects/export", admin, null));
        assertEquals(2, all.path("projects").size());

        // save as template: listed with the deployed ones, usable for a new project, removable
        HttpResponse<String> saved = call("POST", api + "/projects/" + p2c.project() + "/save-as-template", admin,
                json(Map.of("id", "contoso-accounts", "name", "Contoso accounts")));
        assertEquals(saved.body(), 201, saved.statusCode());
        JsonNode templates = parse(call("GET", api + "/templates?limit=500", admin, null));
        JsonNode template = find(templates.path("items"), t -> t.path("template").path("id").asText().equals("contoso-accounts"));
        assertEquals(3, template.path("template").path("roles").size());
        HttpResponse<String> fromSaved = call("POST", api + "/projects", admin, json(Map.of("name", "From saved",
                "template", "contoso-accounts", "connectionSet", p2c.set(), "organizationMapping", "USMF",
                "consent", Map.of("accepted", true))));
        assertEquals(fromSaved.body(), 201, fromSaved.statusCode());
        assertEquals("a template id is taken: 409", 409, call("POST", api + "/projects/" + p2c.project()
                + "/save-as-template", admin, json(Map.of("id", "Contoso-Accounts", "name", "again"))).statusCode());
        assertEquals(204, call("DELETE", api + "/templates/contoso-accounts", admin, null).statusCode());
    }

    private static JsonNode find(JsonNode items, java.util.function.Predicate<JsonNode> test) {
        for (JsonNode i : items) {
            if (test.test(i)) {
                return i;
            }
        }
        throw new AssertionError("not found in " + items);
    }

    /** A minimal HTTP receiver on loopback that answers 204 and keeps the bodies it was sent. */
    private static final class Receiver implements AutoCloseable {
        final LinkedBlockingQueue<String> bodies = new LinkedBlockingQueue<>();
        private final ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        private final Thread thread = new Thread(this::serve, "it-webhook-receiver");

        Receiver() throws java.io.IOException {
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    int length = 0;
                    String line;
                    while ((line = in.readLine()) != null && !line.isEmpty()) {
                        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    char[] body = new char[length];
                    int read = 0;
                    while (read < length) {
                        int n = in.read(body, read, length - read);
                        if (n < 0) {
                            break;
                        }
                        read += n;
                    }
                    bodies.add(new String(body, 0, read));
                    OutputStream out = s.getOutputStream();
                    out.write("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (java.io.IOException e) {
                    // closed, or a client that went away
                }
            }
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
        }
    }
}
