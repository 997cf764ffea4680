package org.ferry.connectors.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.ferry.api.error.RetriableException;
import org.ferry.sandbox.SandboxOptions;
import org.ferry.sandbox.internal.throttle.RequestLog;
import org.ferry.testing.SandboxServer;
import org.junit.jupiter.api.Test;

/**
 * HTTP that never hangs, over the sandbox: bodies that stall after their headers are cut at the request timeout
 * and read again, a request that can never finish fails within its retry budget, and so does one the service
 * throttles for longer than the budget, without ever coming back inside a Retry-After window.
 */
@org.junit.jupiter.api.Tag("slow") // seconds by nature: run by ./ferry test, not by a plain mvn test
class HttpDeadlineSandboxTest {
    /** Far longer than any test's budget: a client that waited it out would stand out at once. */
    private static final Duration LONG_STALL = Duration.ofSeconds(60);

    private static ServiceSession session(SandboxServer sandbox, Map<String, String> extra) {
        Map<String, String> cfg = new java.util.HashMap<>(Map.of(ServiceConfig.CLIENT_ID, sandbox.clientId(),
                ServiceConfig.CLIENT_SECRET, sandbox.clientSecret()));
        cfg.putAll(extra);
        return TestSessions.open(TestSessions.config(sandbox.salesUrl(), sandbox.tokenUrl(), cfg));
    }

    private static ApiRequest accounts(SandboxServer sandbox) {
        return ApiRequest.get(URI.create(sandbox.salesApiUrl() + "accounts?$select=name&$top=5"),
                Map.of("Accept", "application/json"));
    }

    @Test
    void stalledBodiesAreCutAtTheRequestTimeoutAndReadAgain() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().seed(3).stallRate(0.4).stall(LONG_STALL).build());
             ServiceSession s = session(sandbox, Map.of(ServiceConfig.REQUEST_TIMEOUT, "1"))) {
            long started = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                ApiResponse r = s.transport().send(accounts(sandbox));
                assertEquals(200, r.status());
                assertTrue(r.bodyText().endsWith("}"), "the whole body: " + r.bodyText());
            }
            assertTrue(sandbox.requestLog().stalled() > 0, "the sandbox stalled some bodies");
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(LONG_STALL) < 0,
                    "no read waited for a stalled body to finish");
        }
    }

    @Test
    void aReadThatStallsEveryTimeFailsWithinItsBudget() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().stallRate(1).stall(LONG_STALL).build());
             ServiceSession s = session(sandbox, Map.of(ServiceConfig.REQUEST_TIMEOUT, "1", ServiceConfig.RETRY_BUDGET, "4"))) {
            s.tokens().token();
            long started = System.nanoTime();
            RetriableException e = assertThrows(RetriableException.class, () -> s.transport().send(accounts(sandbox)));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(e.getMessage().contains("timed out"), e.getMessage());
            assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "gave up near its 4 s budget, not after the "
                    + LONG_STALL.toSeconds() + " s stall: " + took.toMillis() + " ms");
            assertTrue(sandbox.requestLog().stalled() >= 2, "it tried more than once");
        }
    }

    /**
     * Throttled for two minutes with a 3 s budget: waiting is pointless, so the request fails at once and says how
     * long the service asked for, and nothing was sent inside the window.
     */
    @Test
    void aThrottledRequestFailsWithinItsBudgetWithoutComingBackEarly() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().requestsPerWindow(2)
                .window(Duration.ofSeconds(120)).build());
             ServiceSession s = session(sandbox, Map.of(ServiceConfig.RETRY_BUDGET, "3"))) {
            assertEquals(200, s.transport().send(accounts(sandbox)).status());
            assertEquals(200, s.transport().send(accounts(sandbox)).status());
            long started = System.nanoTime();
            RetriableException e = assertThrows(RetriableException.class, () -> s.transport().send(accounts(sandbox)));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(e.retryAfter().orElseThrow().compareTo(Duration.ofSeconds(100)) > 0, "it passes the service's "
                    + "Retry-After on: " + e.retryAfter());
            assertTrue(took.compareTo(Duration.ofSeconds(60)) < 0, "it did not wait out the window: " + took.toMillis() + " ms");
            // a second request of the same connection does not even go out: the connection is paused
            assertThrows(RetriableException.class, () -> s.transport().send(accounts(sandbox)));
            assertEquals(1, sandbox.requestLog().count(429), "one 429, then the connection held back");
            assertEquals(List.of(), sandbox.requestLog().retryAfterViolations(Duration.ZERO));
        }
    }

    /**
     * Another client of the same credentials keeps pushing during the penalty, so Dataverse extends it and each
     * answer carries a longer Retry-After. The transport waits out each one it is given and gets through.
     */
    @Test
    void aRetryAfterThatGrowsIsHonouredEachTime() throws Exception {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().requestsPerWindow(3)
                .window(Duration.ofSeconds(3)).build());
             ServiceSession s = session(sandbox, Map.of())) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, s.transport().send(accounts(sandbox)).status());
            }
            String token = s.tokens().token();
            Thread pusher = Thread.ofVirtual().start(() -> push(sandbox, token));
            ApiResponse r = s.transport().send(accounts(sandbox));
            pusher.join();
            assertEquals(200, r.status());

            List<RequestLog.Entry> ours = new ArrayList<>();
            List<RequestLog.Entry> throttled = new ArrayList<>();
            int longest = 0;
            for (RequestLog.Entry e : sandbox.requestLog().entries()) {
                if (e.status() == 429) {
                    longest = Math.max(longest, e.retryAfter());
                }
                if (e.path().contains("/accounts")) {
                    ours.add(e);
                    if (e.status() == 429) {
                        throttled.add(e);
                    }
                }
            }
            assertTrue(longest > throttled.get(0).retryAfter(), "the penalty grew past the first Retry-After we got");
            assertTrue(ours.get(ours.size() - 1).nanos() - throttled.get(0).nanos()
                    >= Duration.ofSeconds(longest - 1).toNanos(), "we got through only once the grown penalty was over");
            // every Retry-After given to us was waited out
            for (RequestLog.Entry t : throttled) {
                for (RequestLog.Entry e : ours) {
                    long since = e.nanos() - t.nanos();
                    assertTrue(since <= 0 || since >= Duration.ofSeconds(t.retryAfter()).toNanos(),
                            "our request came " + Duration.ofNanos(since).toMillis() + " ms after a 429 asking for "
                                    + t.retryAfter() + " s");
                }
            }
        }
    }

    /** Pushes on through the penalty with the same credentials, as a second, impolite instance would. */
    private static void push(SandboxServer sandbox, String token) {
        HttpClient raw = HttpClient.newHttpClient();
        try {
            for (int i = 0; i < 4; i++) {
                Thread.sleep(400);
                raw.send(HttpRequest.newBuilder(URI.create(sandbox.salesApiUrl() + "contacts?$top=1"))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
