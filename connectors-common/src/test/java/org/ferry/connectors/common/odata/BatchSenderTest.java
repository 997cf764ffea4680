package org.ferry.connectors.common.odata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ferry.connectors.common.http.HttpTransport;
import org.ferry.connectors.common.http.ServiceConfig;
import org.ferry.connectors.common.http.TestSessions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Parts of a {@code $batch} answer throttled one by one. Neither sandbox throttles single parts (the documents
 * describe throttling of requests only), so a scripted server answers here: the first batch with one part 429 and
 * {@code Retry-After}, every later one with 204 per part.
 */
class BatchSenderTest {
    private static final Pattern REQUEST_LINE = Pattern.compile("(?m)^(PATCH|POST|GET|DELETE) (\\S+) HTTP/1\\.1");
    private static final String INFOLOG = "{\"error\":{\"code\":\"\",\"message\":\"An error has occurred.\",\"innererror\":"
            + "{\"message\":\"Customer group: NO-SUCH does not exist.\",\"type\":\"AxODataWriteException\"}}}";

    private final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> answered = Collections.synchronizedList(new ArrayList<>());
    private HttpServer server;
    private HttpTransport transport;
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", x -> answer(x, 200, "application/json",
                "{\"access_token\":\"t\",\"expires_in\":3600}"));
        server.createContext("/data/$batch", this::batch);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        transport = TestSessions.open(base, Map.of(ServiceConfig.MAX_CONCURRENCY, "4")).transport();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aThrottledPartIsSentAgainAloneAfterItsRetryAfterAndTheOthersKeepTheirAnswers() {
        BatchSender sender = new BatchSender(transport, URI.create(base + "/data/$batch"),
                ODataServiceClient.jsonHeaders(), 100, 8);
        List<BatchSender.Result> results = sender.send(List.of(patch("A"), patch("B"), patch("BAD")));

        assertEquals(List.of(List.of("PATCH /data/Customers('A')", "PATCH /data/Customers('B')",
                "PATCH /data/Customers('BAD')"), List.of("PATCH /data/Customers('B')")), batches,
                "only the throttled part goes again");
        long waited = arrivals.get(1) - answered.get(0);
        assertTrue(waited >= Duration.ofSeconds(1).toNanos(), "the throttled part came back after "
                + Duration.ofNanos(waited).toMillis() + " ms, inside its Retry-After of 1 s");
        assertTrue(results.get(0).succeeded());
        assertTrue(results.get(1).succeeded(), "the throttled part was written in the end");
        assertFalse(results.get(2).succeeded());
        assertEquals(BatchSender.Fate.ANSWERED, results.get(2).fate());
        assertEquals(400, results.get(2).status());
        assertEquals("Customer group: NO-SUCH does not exist.", results.get(2).message());
    }

    @Test
    void manyRequestsAreSpreadOverBatchesOfAtMostMaxParts() {
        BatchSender sender = new BatchSender(transport, URI.create(base + "/data/$batch"),
                ODataServiceClient.jsonHeaders(), 20, 3);
        List<BatchSender.Request> requests = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            requests.add(patch("OK" + i));
        }
        List<BatchSender.Result> results = sender.send(requests);
        assertEquals(100, results.size());
        assertTrue(results.stream().allMatch(BatchSender.Result::succeeded));
        assertEquals(5, batches.size());
        assertTrue(batches.stream().allMatch(b -> b.size() == 20), batches.toString());
        assertEquals(100, batches.stream().flatMap(List::stream).distinct().count(), "each request sent once");
    }

    private static BatchSender.Request patch(String account) {
        return new BatchSender.Request(new MultipartBatch.Part("PATCH", "/data/Customers('" + account + "')",
                Map.of("Content-Type", "application/json"), "{\"Name\":\"x\"}".getBytes(StandardCharsets.UTF_8)), true);
    }

    private void batch(HttpExchange x) throws IOException {
        arrivals.add(System.nanoTime());
        boolean first = batches.isEmpty();
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        List<String> parts = new ArrayList<>();
        Matcher m = REQUEST_LINE.matcher(body);
        while (m.find()) {
            parts.add(m.group(1) + " " + m.group(2));
        }
        batches.add(parts);
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            out.append("--batchresponse_1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n");
            if (part.endsWith("('BAD')")) {
                out.append("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n\r\n").append(INFOLOG);
            } else if (first && part.endsWith("('B')")) {
                out.append("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Type: application/json\r\n\r\n")
                        .append("{\"error\":{\"code\":\"\",\"message\":\"Too many requests\"}}");
            } else {
                out.append("HTTP/1.1 204 No Content\r\n\r\n");
            }
            out.append("\r\n");
        }
        out.append("--batchresponse_1--\r\n");
        answered.add(System.nanoTime());
        answer(x, 200, "multipart/mixed; boundary=batchresponse_1", out.toString());
    }

    private static void answer(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", type);
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }
}
