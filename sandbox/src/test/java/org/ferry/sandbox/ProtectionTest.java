package org.ferry.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.ferry.sandbox.internal.throttle.RequestLog;
import org.ferry.sandbox.internal.throttle.ServiceProtection;
import org.junit.jupiter.api.Test;

class ProtectionTest {

    @Test
    void tokenEndpointIsShapedLikeAzureAd() throws Exception {
        try (SandboxHttp http = SandboxHttp.start()) {
            HttpResponse<String> ok = http.tokenResponse("client_id=ferry-sandbox&client_secret=test-secret"
                    + "&grant_type=client_credentials&scope=https%3A%2F%2Fexample%2F.default");
            assertEquals(200, ok.statusCode());
            JsonNode t = http.json(ok);
            assertEquals("Bearer", t.get("token_type").asText());
            assertEquals(3599, t.get("expires_in").asInt());
            assertTrue(t.get("access_token").asText().length() > 20);

            HttpResponse<String> wrong = http.tokenResponse("client_id=ferry-sandbox&client_secret=nope"
                    + "&grant_type=client_credentials&scope=x%2F.default");
            assertEquals(401, wrong.statusCode());
            assertEquals("invalid_client", http.json(wrong).get("error").asText());
            assertTrue(http.json(wrong).get("error_description").asText().startsWith("AADSTS7000215"));
            assertEquals(400, http.tokenResponse("client_id=someone&client_secret=test-secret&grant_type=client_credentials&scope=x%2F.default").statusCode());
            assertEquals("unsupported_grant_type", http.json(http.tokenResponse("client_id=ferry-sandbox&client_secret=test-secret&grant_type=password")).get("error").asText());
            HttpResponse<String> v1 = http.send(HttpRequest.newBuilder(URI.create(http.base + "login/contoso/oauth2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                            "client_id=ferry-sandbox&client_secret=test-secret&grant_type=client_credentials&resource=https%3A%2F%2Fops"))
                    .build());
            assertEquals(200, v1.statusCode(), v1.body());
            assertEquals("https://ops", http.json(v1).get("resource").asText());
            assertEquals("3599", http.json(v1).get("expires_in").asText());
            assertEquals("invalid_scope", http.json(http.tokenResponse("client_id=ferry-sandbox&client_secret=test-secret&grant_type=client_credentials&scope=x")).get("error").asText());
        }
    }

    @Test
    void dataRoutesNeedAValidUnexpiredToken() throws Exception {
        try (SandboxHttp http = new SandboxHttp(SandboxOptions.builder().clientSecret("s").tokenLifetime(Duration.ofSeconds(1)).build())) {
            HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(http.sales + "accounts")).build());
            assertEquals(401, none.statusCode());
            assertTrue(http.json(none).get("error").has("message"));
            HttpResponse<String> fo = http.send(HttpRequest.newBuilder(URI.create(http.operations + "CustomersV3"))
                    .header("Authorization", "Bearer forged").build());
            assertEquals(401, fo.statusCode());
            assertEquals(200, http.get(http.sales + "accounts?$top=1").statusCode());
            Thread.sleep(1100);
            HttpResponse<String> expired = http.get(http.sales + "accounts?$top=1");
            assertEquals(401, expired.statusCode());
            assertTrue(http.json(expired).get("error").get("message").asText().contains("ExpiredAuthTicket"));
        }
    }

    @Test
    void requestLimitAnswers429WithRetryAfterAndTheLogShowsCompliance() throws Exception {
        SandboxOptions options = SandboxOptions.builder().clientSecret("s").requestsPerWindow(5)
                .window(Duration.ofSeconds(2)).build();
        try (SandboxHttp http = new SandboxHttp(options)) {
            HttpResponse<String> r = null;
            for (int i = 0; i < 6; i++) {
                r = http.get(http.sales + "accounts?$top=1");
            }
            assertEquals(429, r.statusCode());
            int retryAfter = Integer.parseInt(r.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 2, "seconds until the window frees a slot: " + retryAfter);
            assertEquals("0x80072322", http.json(r).get("error").get("code").asText());
            assertEquals("Number of requests exceeded the limit of 5 over time window of 2 seconds.",
                    http.json(r).get("error").get("message").asText());
            Thread.sleep(retryAfter * 1000L + 50);
            assertEquals(200, http.get(http.sales + "accounts?$top=1").statusCode());
            RequestLog log = http.servlet.requestLog();
            assertEquals(1, log.count(429));
            assertEquals(List.of(), log.retryAfterViolations(Duration.ZERO), "the client waited as told");
            assertEquals(1, log.retryAfterGaps().size());
            assertTrue(log.retryAfterGaps().get(0).honoured());
            assertTrue(log.retryAfterGaps().get(0).waited().toMillis() >= retryAfter * 1000L);
        }
    }

    @Test
    void pushingDuringThePenaltyIsRecordedAsAViolation() throws Exception {
        SandboxOptions options = SandboxOptions.builder().clientSecret("s").throttleRate(1).retryAfterSeconds(5).build();
        try (SandboxHttp http = new SandboxHttp(options)) {
            HttpResponse<String> first = http.get(http.operations + "CustomersV3");
            assertEquals(429, first.statusCode());
            assertEquals("5", first.headers().firstValue("Retry-After").orElse(null));
            http.get(http.operations + "CustomersV3");
            assertEquals(1, http.servlet.requestLog().retryAfterViolations(Duration.ZERO).size());
            assertFalse(http.servlet.requestLog().retryAfterGaps().get(0).honoured());
        }
    }

    @Test
    void injectedThrottlingCanOmitRetryAfter() throws Exception {
        SandboxOptions options = SandboxOptions.builder().clientSecret("s").throttleRate(1).throttleWithoutRetryAfter(1).build();
        try (SandboxHttp http = new SandboxHttp(options)) {
            HttpResponse<String> r = http.get(http.sales + "accounts");
            assertEquals(429, r.statusCode());
            assertTrue(r.headers().firstValue("Retry-After").isEmpty());
            assertNull(http.servlet.requestLog().entries().get(1).retryAfter());
        }
    }

    @Test
    void droppedConnectionStillAppliesTheWrite() throws Exception {
        SandboxOptions options = SandboxOptions.builder().clientSecret("s").dropRate(1).build();
        try (SandboxHttp http = new SandboxHttp(options)) {
            assertThrows(IOException.class, () -> http.write("PATCH", http.sales + "accounts(accountnumber='ACC-DROP')",
                    "{\"name\":\"applied\"}"));
            JsonNode row = http.json(http.get(http.sales + "accounts(accountnumber='ACC-DROP')"));
            assertEquals("applied", row.get("name").asText(), "reads are never dropped; the write happened");
            assertThrows(IOException.class, () -> http.write("POST", http.operations + "CustomersV3",
                    "{\"CustomerAccount\":\"DROP-1\",\"CustomerGroupId\":\"10\",\"SalesCurrencyCode\":\"USD\"}"));
            assertEquals(200, http.get(http.operations + "CustomersV3(dataAreaId='usmf',CustomerAccount='DROP-1')").statusCode());
            assertEquals(2, http.servlet.requestLog().dropped());
        }
    }

    @Test
    void concurrencyLimitRefusesTheExtraRequestUntilASlotIsFree() {
        ServiceProtection protection = new ServiceProtection(SandboxOptions.builder().clientSecret("s").maxConcurrency(2).build());
        ServiceProtection.Admission a = protection.admit("c", "sales", null);
        ServiceProtection.Admission b = protection.admit("c", "sales", null);
        ServiceProtection.Admission c = protection.admit("c", "sales", null);
        assertTrue(a.admitted() && b.admitted());
        assertFalse(c.admitted());
        assertEquals(ServiceProtection.Limit.CONCURRENCY, c.limit());
        assertTrue(protection.admit("other", "sales", null).admitted(), "limits are per client");
        a.close();
        assertTrue(protection.admit("c", "sales", null).admitted());
    }
}
