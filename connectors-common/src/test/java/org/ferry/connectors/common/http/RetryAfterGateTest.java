package org.ferry.connectors.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A request waiting for the connection's only slot while the request in it is answered 429 with
 * Retry-After must not go out until that window has passed. The fault harness (ThrottlingIT) caught the
 * transport releasing the slot before it set the pause, so a queued request slipped into the window.
 */
class RetryAfterGateTest {

    @Test
    void aRequestQueuedForTheSlotWaitsOutTheRetryAfterOfTheRequestBeforeIt() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        long[] arrivals = new long[3];
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", x -> answer(x, 200, Map.of(), "{\"access_token\":\"t\",\"expires_in\":3600}"));
        server.createContext("/data", x -> {
            int n = calls.getAndIncrement();
            if (n < arrivals.length) {
                arrivals[n] = System.nanoTime();
            }
            if (n == 0) {
                // slow, so the second request is surely queued for the slot when the 429 comes back
                sleep(300);
                answer(x, 429, Map.of("Retry-After", "1"), "{}");
            } else {
                answer(x, 200, Map.of(), "{}");
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        try {
            ServiceSession session = TestSessions.open(base, Map.of(ServiceConfig.MAX_CONCURRENCY, "1"));
            session.tokens().token();
            HttpTransport transport = session.transport();
            CountDownLatch firstSent = new CountDownLatch(1);
            List<Future<ApiResponse>> answers = new ArrayList<>();
            try (ExecutorService clients = Executors.newFixedThreadPool(2)) {
                answers.add(clients.submit(() -> {
                    firstSent.countDown();
                    return transport.send(get(base));
                }));
                firstSent.await();
                sleep(100);
                answers.add(clients.submit(() -> transport.send(get(base))));
                for (Future<ApiResponse> a : answers) {
                    assertEquals(200, a.get().status());
                }
            }
            assertEquals(3, calls.get(), "the 429, then both requests once");
            long window = arrivals[0] + Duration.ofMillis(300).toNanos() + Duration.ofSeconds(1).toNanos();
            assertTrue(arrivals[1] >= window - Duration.ofMillis(20).toNanos(), "the queued request went out "
                    + Duration.ofNanos(window - arrivals[1]).toMillis() + " ms inside the Retry-After window");
        } finally {
            server.stop(0);
        }
    }

    private static ApiRequest get(String base) {
        return new ApiRequest("GET", URI.create(base + "/data"), Map.of(), null, true);
    }

    private static void answer(HttpExchange x, int status, Map<String, String> headers, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((k, v) -> x.getResponseHeaders().add(k, v));
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
