package org.ferry.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/**
 * "Up" only when this server answers: a health answer from another instance on the same port (one that took
 * the port after the launcher looked) is never taken for this one's.
 */
class ReadinessTest {
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void healthNamingThisInstanceIsReady() throws Exception {
        URI health = serve(200, "{\"status\":\"UP\",\"instance\":\"me\"}");

        Readiness.Result result = new Readiness(() -> true, Duration.ofSeconds(5)).awaitHealth(health, "me");

        assertEquals(Readiness.Outcome.READY, result.outcome());
    }

    @Test
    void aDegradedServerIsStillUp() throws Exception {
        URI health = serve(503, "{\"status\":\"DEGRADED\",\"instance\":\"me\"}");

        assertEquals(Readiness.Outcome.READY,
                new Readiness(() -> true, Duration.ofSeconds(5)).awaitHealth(health, "me").outcome());
    }

    @Test
    void anotherFerryOnThePortIsNamedAndNotTakenForThisOne() throws Exception {
        URI health = serve(200, "{\"status\":\"UP\",\"instance\":\"someone-else\"}");

        Readiness.Result result = new Readiness(() -> true, Duration.ofSeconds(5)).awaitHealth(health, "me");

        assertEquals(Readiness.Outcome.OTHER_SERVER, result.outcome());
        assertTrue(result.detail().contains("someone-else"), result.detail());
    }

    @Test
    void aServerThatIsNotFerryIsNotTakenForIt() throws Exception {
        URI health = serve(200, "<html>hello</html>");

        Readiness.Result result = new Readiness(() -> true, Duration.ofSeconds(5)).awaitHealth(health, "me");

        assertEquals(Readiness.Outcome.OTHER_SERVER, result.outcome());
        assertTrue(result.detail().contains("not Ferry"), result.detail());
    }

    @Test
    void waitingEndsWhenTheFrameworkStopsOrTimeRunsOut() throws Exception {
        URI nothing = URI.create("http://127.0.0.1:" + freePort() + "/api/health");

        assertEquals(Readiness.Outcome.STOPPED, new Readiness(() -> false, Duration.ofSeconds(5)).awaitHealth(nothing, "me").outcome());
        assertEquals(Readiness.Outcome.TIMED_OUT,
                new Readiness(() -> true, Duration.ofMillis(300)).awaitHealth(nothing, "me").outcome());
    }

    @Test
    void theInstanceIsReadFromTheHealthBody() {
        assertEquals(Optional.of("a-b"), Readiness.instanceOf("{\"status\":\"UP\", \"instance\" : \"a-b\", \"problems\":[]}"));
        assertEquals(Optional.empty(), Readiness.instanceOf("{\"status\":\"UP\"}"));
        assertEquals(Optional.empty(), Readiness.instanceOf(null));
    }

    private URI serve(int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/health", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/health");
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
