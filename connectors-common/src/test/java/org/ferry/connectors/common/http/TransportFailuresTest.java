package org.ferry.connectors.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Which failures the transport sends again. Neither sandbox answers a single request 500, 502 or 504 (their
 * documents describe no such fault), so a scripted server answers here with the statuses each test lists.
 */
class TransportFailuresTest {
    private static final String DATAVERSE_500 = "{\"error\":{\"code\":\"0x80040216\",\"message\":\"An unexpected error occurred.\"}}";

    private final Deque<Integer> script = new ArrayDeque<>();
    private final AtomicInteger calls = new AtomicInteger();
    private HttpServer server;
    private HttpTransport transport;
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", x -> answer(x, 200, "{\"access_token\":\"t\",\"expires_in\":3600}"));
        server.createContext("/data", x -> {
            calls.incrementAndGet();
            Integer status;
            synchronized (script) {
                status = script.size() > 1 ? script.poll() : script.peek();
            }
            answer(x, status, status == 200 ? "{\"value\":[]}" : DATAVERSE_500);
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        transport = TestSessions.open(base, Map.of()).transport();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void script(Integer... statuses) {
        script.addAll(List.of(statuses));
    }

    private ApiRequest get() {
        return ApiRequest.get(URI.create(base + "/data"), Map.of());
    }

    private ApiRequest post(boolean idempotent) {
        return new ApiRequest("POST", URI.create(base + "/data"), Map.of("Content-Type", "text/plain"),
                "x".getBytes(StandardCharsets.UTF_8), idempotent);
    }

    @Test
    void aReadAnsweredWithPassingServerErrorsIsSentAgainUntilItIsAnswered() {
        script(502, 503, 504, 200);
        assertEquals(200, transport.send(get()).status());
        assertEquals(4, calls.get());
    }

    /** A 500 that outlasts two retries is the request's own answer: the caller gets it with its message. */
    @Test
    void aPersistent500IsReturnedAfterThreeAttempts() {
        script(500);
        ApiResponse r = transport.send(get());
        assertEquals(500, r.status());
        assertTrue(r.bodyText().contains("0x80040216"));
        assertEquals(3, calls.get());
    }

    /** A $batch of upserts by key may run twice: its whole-batch 500 is sent again like a 503. */
    @Test
    void anIdempotentWriteAnswered500IsSentAgain() {
        script(500, 200);
        assertEquals(200, transport.send(post(true)).status());
        assertEquals(2, calls.get());
    }

    /** A create may have run before the server failed: sending it again could make it twice. */
    @Test
    void aNonIdempotentWriteAnsweredWithAServerFaultIsAmbiguousAndNotSentAgain() {
        script(502, 200);
        AmbiguousWriteException e = assertThrows(AmbiguousWriteException.class, () -> transport.send(post(false)));
        assertTrue(e.getMessage().contains("HTTP 502"), e.getMessage());
        assertEquals(1, calls.get());
    }

    /** 429 and 503 say the server did not run the request: safe to send again whatever it is. */
    @Test
    void aNonIdempotentWriteRefusedUnrunIsSentAgain() {
        script(503, 429, 200);
        assertEquals(200, transport.send(post(false)).status());
        assertEquals(3, calls.get());
    }

    private static void answer(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getRequestBody().readAllBytes();
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }
}
