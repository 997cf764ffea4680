package org.ferry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
 * A secret is found nowhere but encrypted: a connection is created with a unique secret, then used in
 * every way the API allows (read, list, update with the mask, test, browse, a type error in the secret
 * field), and the canary is searched for in every answer, in everything the server printed, and in the
 * raw bytes of every file under the data and configuration folders (Derby stores strings uncompressed,
 * so a plaintext copy in the database or its transaction log would be found).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CanarySecretIT extends FerryTestSupport {
    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        // the in-server sandbox gives "test connection" a quick, real answer: the canary is a wrong client secret
        return ferryWithSandbox("the-real-sandbox-secret");
    }

    @Test
    public void theCanaryIsFoundNowhere() throws Exception {
        String api = baseUrl(context) + "/api";
        awaitJson(api + "/health", Duration.ofSeconds(30), h -> "UP".equals(h.path("status").asText()));
        String canary = "canary-" + UUID.randomUUID();
        String admin = adminToken(api);
        List<HttpResponse<String>> answers = new ArrayList<>();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(new PrintStream(new Tee(out, console), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err, console), true, StandardCharsets.UTF_8));
        try {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("baseUrl", baseUrl(context) + "/sandbox/sales");
            config.put("tokenUrl", baseUrl(context) + "/sandbox/login/contoso/oauth2/v2.0/token");
            config.put("clientId", "ferry-sandbox");
            config.put("clientSecret", canary);
            HttpResponse<String> created = call("POST", api + "/connections", admin,
                    json(Map.of("name", "Canary", "type", "dynamics-sales", "config", config)));
            answers.add(created);
            assertEquals(created.body(), 201, created.statusCode());
            JsonNode connection = parse(created);
            assertEquals("********", connection.path("config").path("clientSecret").asText());
            String id = connection.path("id").asText();
            String path = api + "/connections/" + id;

            answers.add(call("GET", path, admin, null));
            answers.add(call("GET", api + "/connections", admin, null));
            config.put("clientSecret", "********");
            HttpResponse<String> kept = call("PUT", path, admin,
                    json(Map.of("name", "Canary (renamed)", "type", "dynamics-sales", "config", config)));
            answers.add(kept);
            assertEquals(kept.body(), 200, kept.statusCode());
            answers.add(call("POST", path + "/test", admin, null));
            answers.add(call("GET", path + "/entities", admin, null));
            answers.add(call("GET", path + "/organizations", admin, null));
            answers.add(call("GET", path + "/actions", admin, null));
            answers.add(call("PUT", path, admin, "{\"name\": \"x\", \"type\": \"dynamics-sales\", \"config\": {\"clientSecret\": {\"v\": \""
                    + canary + "\"}}}"));
            answers.add(call("PUT", path, admin, "{\"name\": \"x\", \"type\": \"dynamics-sales\", \"config\": {\"clientSecret\": " + canary + "}}"));
            answers.add(call("POST", api + "/connection-sets", admin, json(Map.of("name", "Canary set",
                    "connections", Map.of("sales", id)))));
            answers.add(call("GET", api + "/connection-sets", admin, null));
            answers.add(call("GET", api + "/audit?limit=500", admin, null));
            answers.add(call("GET", api + "/openapi.json", admin, null));
            answers.add(call("GET", api + "/plugins", admin, null));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }

        for (HttpResponse<String> answer : answers) {
            assertTrue(answer.request().method() + " " + answer.uri() + " answered the canary: " + answer.body(),
                    !answer.body().contains(canary) && !answer.headers().toString().contains(canary));
        }
        assertTrue("the server printed the canary", !console.toString(StandardCharsets.UTF_8).contains(canary));
        Scan scan = filesContaining(List.of(dataDir(context), Path.of(context.getProperty("ferry.conf"))), canary);
        assertEquals("the canary is in plain text in these files", List.of(), scan.found());
        assertTrue("the data folder holds the database (" + scan.searched() + " files searched)", scan.searched() > 10);
    }

    /** Copies what the server prints to the console into a buffer as well. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            synchronized (second) {
                second.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            synchronized (second) {
                second.write(b, off, len);
            }
        }
    }
}
