package org.ferry.sandbox;

import static org.ferry.sandbox.DataverseDeltaBatchTest.batch;
import static org.ferry.sandbox.DataverseDeltaBatchTest.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The faults a client must survive without hanging or writing twice: stalled bodies and whole-batch 500s. */
class InjectedFaultsTest {

    /**
     * The headers arrive at once and the body only after the stall, so the JDK's request timeout, which covers the
     * headers only, does not fire: a client needs a deadline of its own over the body (reference §6).
     */
    @Test
    void aStalledBodyArrivesAfterItsHeadersOnlyWhenTheStallIsOver() throws Exception {
        Duration stall = Duration.ofSeconds(2);
        try (SandboxHttp http = new SandboxHttp(SandboxOptions.builder().clientSecret("s").stallRate(1).stall(stall).build())) {
            http.token();
            long started = System.nanoTime();
            HttpResponse<InputStream> r = http.client.send(http.request(http.sales + "accounts?$top=1")
                    .timeout(Duration.ofMillis(500)).build(), HttpResponse.BodyHandlers.ofInputStream());
            long headers = System.nanoTime() - started;
            assertEquals(200, r.statusCode());
            assertTrue(headers < stall.toNanos() / 2, "headers came at once: " + TimeUnit.NANOSECONDS.toMillis(headers) + " ms");
            String body;
            try (InputStream in = r.body()) {
                body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            long whole = System.nanoTime() - started;
            assertTrue(whole >= stall.toNanos(), "the body waited for the stall: " + TimeUnit.NANOSECONDS.toMillis(whole) + " ms");
            assertTrue(body.startsWith("{") && body.contains("\"value\""), body);

            started = System.nanoTime();
            HttpResponse<String> whole2 = http.send(http.request(http.sales + "accounts?$top=1").timeout(Duration.ofMillis(500))
                    .build());
            assertEquals(200, whole2.statusCode());
            assertTrue(System.nanoTime() - started >= stall.toNanos(), "a 500 ms request timeout did not cut the stalled body");
            assertEquals(2, http.servlet.requestLog().stalled());
        }
    }

    @Test
    void withoutStallsTheHeaderTimeoutStillApplies() throws Exception {
        try (SandboxHttp http = new SandboxHttp(SandboxOptions.builder().clientSecret("s").build())) {
            http.token();
            assertEquals(200, http.send(http.request(http.sales + "accounts?$top=1").timeout(Duration.ofSeconds(5)).build())
                    .statusCode());
            assertEquals(0, http.servlet.requestLog().stalled());
            assertThrows(IllegalArgumentException.class, () -> SandboxOptions.builder().clientSecret("s").stallRate(2).build());
        }
    }

    /** The first of every N batches is answered 500 before any part runs; sent again, the same batch is applied once. */
    @Test
    void aWholeBatchAnswered500AppliedNothingAndItsResendAppliesEverything() throws Exception {
        try (SandboxHttp http = new SandboxHttp(SandboxOptions.fromMap(Map.of("client-secret", "s",
                "sample-data", "false", "batch-failure-every", "1000")))) {
            String body = batch("batch_1",
                    request("PATCH", "/api/data/v9.2/accounts(accountnumber='ACC-500-1')", null, "{\"name\":\"one\"}"),
                    request("PATCH", "/api/data/v9.2/accounts(accountnumber='ACC-500-2')", null, "{\"name\":\"two\"}"));
            HttpRequest post = http.request(http.sales + "$batch")
                    .header("Content-Type", "multipart/mixed; boundary=\"batch_1\"").header("Prefer", "odata.continue-on-error")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();

            HttpResponse<String> failed = http.send(post);
            assertEquals(500, failed.statusCode(), failed.body());
            assertEquals("0x80040216", http.json(failed).get("error").get("code").asText());
            assertEquals("0", http.get(http.sales + "accounts/$count").body(), "nothing of the failed batch was applied");
            assertEquals(0, http.servlet.requestLog().entries().stream().filter(e -> e.method().equals("PATCH")).count(),
                    "no part ran");

            HttpResponse<String> again = http.send(post);
            assertEquals(200, again.statusCode(), again.body());
            assertEquals(2, again.body().split("HTTP/1.1 204 No Content").length - 1, again.body());
            assertEquals("2", http.get(http.sales + "accounts/$count").body());
        }
    }

    @Test
    void operationsBatchesFailWithTheirOwnGenericError() throws Exception {
        try (SandboxHttp http = new SandboxHttp(SandboxOptions.builder().clientSecret("s").batchFailureRate(1).build())) {
            String body = batch("batch_1", request("GET", "/data/LegalEntities", null, null));
            HttpResponse<String> r = http.send(http.request(http.operations + "$batch")
                    .header("Content-Type", "multipart/mixed; boundary=\"batch_1\"")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
            assertEquals(500, r.statusCode());
            assertEquals("An error has occurred.", http.json(r).get("error").get("message").asText());
            assertEquals(200, http.get(http.operations + "LegalEntities").statusCode(), "only batches fail");
        }
    }
}
