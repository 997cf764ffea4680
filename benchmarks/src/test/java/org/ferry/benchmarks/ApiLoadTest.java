package org.ferry.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The paced load's count of slow requests by path, and its trace, against a server with one slow path. */
class ApiLoadTest {
    @Test
    void slowRequestsAreCountedAndTracedUnderTheirPath(@TempDir Path dir) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/slow")) {
                try {
                    Thread.sleep(30); // well over the 20 ms that makes a request slow
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Path trace = dir.resolve("trace.txt");
        System.setProperty("ferry.bench.api.trace", trace.toString());
        try {
            ApiClient api = new ApiClient("http://127.0.0.1:" + server.getAddress().getPort());
            ApiLoad.Result result = ApiLoad.run(api, List.of("/fast", "/slow"), 2, Duration.ofMillis(50), Duration.ZERO,
                    Duration.ofSeconds(1));

            assertEquals(0, result.errors());
            String[] counts = result.slowByPath().split(", ");
            assertEquals(2, counts.length, result.slowByPath());
            assertTrue(counts[0].startsWith("/fast "), result.slowByPath());
            int fast = Integer.parseInt(counts[0].substring("/fast ".length()));
            int slow = Integer.parseInt(counts[1].substring("/slow ".length()));
            // each client alternates the paths: half the requests went to /slow, and every one of them took 30 ms
            assertTrue(slow >= result.requests() / 2 - 2 && slow > 0, result.slowByPath() + " of " + result.requests());
            List<String> lines = Files.readAllLines(trace);
            assertEquals(fast + slow, lines.size());
            assertEquals(slow, lines.stream().filter(l -> l.endsWith(" /slow")).count());
            for (String line : lines) {
                String[] fields = line.split(" ");
                assertTrue(Math.abs(Long.parseLong(fields[0]) - System.currentTimeMillis()) < 60_000, line);
                assertTrue(Double.parseDouble(fields[1]) > 20, line);
            }
        } finally {
            System.clearProperty("ferry.bench.api.trace");
            server.stop(0);
        }
    }
}
