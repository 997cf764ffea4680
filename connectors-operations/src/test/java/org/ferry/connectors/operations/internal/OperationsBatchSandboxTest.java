package org.ferry.connectors.operations.internal;

import static org.ferry.connectors.operations.internal.OperationsConnectorSandboxTest.LOOPBACK;
import static org.ferry.connectors.operations.internal.OperationsConnectorSandboxTest.customer;
import static org.ferry.connectors.operations.internal.OperationsConnectorSandboxTest.group;
import static org.ferry.connectors.operations.internal.OperationsConnectorSandboxTest.open;
import static org.ferry.connectors.operations.internal.OperationsConnectorSandboxTest.readAll;
import static org.ferry.connectors.operations.internal.OperationsConnectorSandboxTest.unit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.sandbox.SandboxOptions;
import org.ferry.testing.SandboxServer;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** Writes through {@code $batch}: per-record outcomes of a mixed batch, and a lost answer to a batch of creates. */
class OperationsBatchSandboxTest {
    private static final Pattern REQUEST_LINE = Pattern.compile("(?m)^(PATCH|POST|GET|DELETE) (\\S+) HTTP/1\\.1");

    @Test
    void aMixedBatchAnswersForEveryRecordInTwoRequests() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().build()); Connection c = open(sandbox)) {
            String g = group(c, "usmf");
            OperationsConnectorSandboxTest.write(c, "usmf", List.of(customer("MIX-1", "Old 1", g),
                    customer("MIX-2", "Old 2", g)), WriteOutcome.Status.INSERTED);
            sandbox.requestLog().clear();
            List<WriteOutcome> outcomes = c.upsert("CustomersV3", unit("usmf"), List.of(
                    customer("MIX-1", "New 1", g),
                    customer("MIX-3", "Created 3", g),
                    customer("MIX-4", "Refused 4", "NO-SUCH"),
                    customer("MIX-2", "Refused 2", "NO-SUCH"),
                    EntityRecord.builder("CustomersV3").text("OrganizationName", "No key").build(),
                    customer("MIX-5", "Created 5", g)));

            assertEquals(List.of(WriteOutcome.Status.UPDATED, WriteOutcome.Status.INSERTED, WriteOutcome.Status.FAILED,
                    WriteOutcome.Status.FAILED, WriteOutcome.Status.FAILED, WriteOutcome.Status.INSERTED),
                    outcomes.stream().map(WriteOutcome::status).toList(), outcomes.toString());
            assertEquals(BusinessKey.of("CustomerAccount", "MIX-4"), outcomes.get(2).key());
            assertTrue(outcomes.get(2).message().contains("Customer group"), outcomes.get(2).message());
            assertTrue(outcomes.get(3).message().contains("Customer group"), "an update refused in the PATCH batch: "
                    + outcomes.get(3).message());
            assertTrue(outcomes.get(4).message().contains("no business key"), outcomes.get(4).message());
            assertEquals(2, sandbox.requestLog().entries().stream().filter(e -> e.path().endsWith("$batch")).count(),
                    "one $batch of updates, one of creates");

            Map<String, EntityRecord> rows = customers(c, "MIX-");
            assertEquals(Set.of("MIX-1", "MIX-2", "MIX-3", "MIX-5"), rows.keySet());
            assertEquals("New 1", rows.get("MIX-1").get("OrganizationName").asText());
            assertEquals("Old 2", rows.get("MIX-2").get("OrganizationName").asText());
            assertEquals("Created 5", rows.get("MIX-5").get("OrganizationName").asText());
        }
    }

    /**
     * A call that found most records missing makes the next call create first: new records then cost one part each.
     * A create refused because the record exists is updated, one refused for its values keeps the create's message,
     * and a call that found most records existing turns the order back.
     */
    @Test
    void afterACallOfNewRecordsCreatesGoFirstAndUpdatesTurnTheOrderBack() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().build()); Connection c = open(sandbox)) {
            String g = group(c, "usmf");
            sandbox.requestLog().clear();
            OperationsConnectorSandboxTest.write(c, "usmf", List.of(customer("ORD-1", "One", g),
                    customer("ORD-2", "Two", g)), WriteOutcome.Status.INSERTED);
            assertEquals(List.of("PATCH", "POST"), batchMethods(sandbox), "the first call updates first");

            OperationsConnectorSandboxTest.write(c, "usmf", List.of(customer("ORD-3", "Three", g),
                    customer("ORD-4", "Four", g)), WriteOutcome.Status.INSERTED);
            assertEquals(List.of("POST"), batchMethods(sandbox), "every record missing last time: creates only");

            List<WriteOutcome> outcomes = c.upsert("CustomersV3", unit("usmf"), List.of(customer("ORD-1", "New one", g),
                    customer("ORD-2", "New two", g), customer("ORD-5", "Five", g), customer("ORD-6", "Bad", "NO-SUCH"),
                    customer("ORD-3", "Bad three", "NO-SUCH")));
            assertEquals(List.of(WriteOutcome.Status.UPDATED, WriteOutcome.Status.UPDATED, WriteOutcome.Status.INSERTED,
                    WriteOutcome.Status.FAILED, WriteOutcome.Status.FAILED), outcomes.stream().map(WriteOutcome::status)
                    .toList(), outcomes.toString());
            assertTrue(outcomes.get(3).message().contains("Customer group"), "the create's refusal: "
                    + outcomes.get(3).message());
            assertTrue(outcomes.get(4).message().contains("Customer group"), "the update's refusal: "
                    + outcomes.get(4).message());
            assertEquals(List.of("POST", "PATCH"), batchMethods(sandbox), "creates, then updates of those refused");

            OperationsConnectorSandboxTest.write(c, "usmf", List.of(customer("ORD-4", "New four", g)),
                    WriteOutcome.Status.UPDATED);
            assertEquals(List.of("PATCH"), batchMethods(sandbox), "most records existed last time: updates first");

            Map<String, EntityRecord> rows = customers(c, "ORD-");
            assertEquals(Set.of("ORD-1", "ORD-2", "ORD-3", "ORD-4", "ORD-5"), rows.keySet());
            assertEquals("New one", rows.get("ORD-1").get("OrganizationName").asText());
            assertEquals("Three", rows.get("ORD-3").get("OrganizationName").asText());
            assertEquals("New four", rows.get("ORD-4").get("OrganizationName").asText());
        }
    }

    /**
     * A large first call decides the order on its first records, written updates first: new customers then go as
     * creates alone, existing ones as updates alone.
     */
    @Test
    void aLargeFirstCallDecidesTheOrderOnItsFirstRecords() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().sampleData(false).build())) {
            List<EntityRecord> created = new ArrayList<>();
            List<EntityRecord> renamed = new ArrayList<>();
            try (Connection c = open(sandbox)) {
                String g = group(c, "usmf");
                for (int i = 0; i < 3 * FinOpsUpsert.PROBE; i++) {
                    created.add(customer("BIG-" + i, "Customer " + i, g));
                    renamed.add(customer("BIG-" + i, "Renamed " + i, g));
                }
                sandbox.requestLog().clear();
                OperationsConnectorSandboxTest.write(c, "usmf", created, WriteOutcome.Status.INSERTED, created.size());
                assertEquals(List.of("PATCH", "POST", "POST", "POST"), batchMethods(sandbox),
                        "the first 100 updated first and found missing, the other 200 created at once");
            }
            try (Connection c = open(sandbox)) {
                OperationsConnectorSandboxTest.write(c, "usmf", renamed, WriteOutcome.Status.UPDATED, renamed.size());
                assertEquals(List.of("PATCH", "PATCH", "PATCH"), batchMethods(sandbox),
                        "a new connection: the first 100 updated, so the rest too");
                Map<String, EntityRecord> rows = customers(c, "BIG-");
                assertEquals(created.size(), rows.size());
                assertTrue(rows.values().stream().allMatch(r -> r.get("OrganizationName").asText().startsWith("Renamed ")));
            }
        }
    }

    /**
     * The method of the parts of each {@code $batch} the sandbox served since the last call of this, in order: the
     * sandbox logs a batch's parts before the batch (one batch at a time here, the calls being small).
     */
    private static List<String> batchMethods(SandboxServer sandbox) {
        List<String> methods = new ArrayList<>();
        String part = null;
        for (var e : sandbox.requestLog().entries()) {
            if (e.path().endsWith("$batch")) {
                methods.add(part);
            } else {
                part = e.method();
            }
        }
        sandbox.requestLog().clear();
        return methods;
    }

    @Test
    void aLostAnswerToABatchOfCreatesIsLookedUpAndOnlyTheMissingAreSentAgain() throws Exception {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().build()); Connection direct = open(sandbox);
             DroppingProxy proxy = new DroppingProxy(sandbox)) {
            String g = group(direct, "usmf");
            try (Connection c = proxy.open(sandbox)) {
                // the creates were applied, then their answer was lost: found by key, not sent again
                proxy.dropNextCreates(true);
                List<EntityRecord> applied = List.of(customer("LOST-1", "One", g), customer("LOST-2", "Two", g));
                c.upsert("CustomersV3", unit("usmf"), applied)
                        .forEach(o -> assertEquals(WriteOutcome.Status.INSERTED, o.status(), o.toString()));
                assertEquals(List.of("PATCH", "POST", "GET"), proxy.batchMethods(), "updates, lost creates, lookups");

                // the creates never arrived: looked up, missing, sent again once; the call before found every record
                // missing, so this one creates first
                proxy.dropNextCreates(false);
                List<EntityRecord> notApplied = List.of(customer("LOST-3", "Three", g), customer("LOST-4", "Four", g));
                c.upsert("CustomersV3", unit("usmf"), notApplied)
                        .forEach(o -> assertEquals(WriteOutcome.Status.INSERTED, o.status(), o.toString()));
                assertEquals(List.of("POST", "GET", "POST"), proxy.batchMethods());
            }
            Map<String, EntityRecord> rows = customers(direct, "LOST-");
            assertEquals(Set.of("LOST-1", "LOST-2", "LOST-3", "LOST-4"), rows.keySet());
            assertEquals("Four", rows.get("LOST-4").get("OrganizationName").asText());
        }
    }

    /** The customers of USMF whose account starts with {@code prefix}, by account; fails on a duplicate. */
    private static Map<String, EntityRecord> customers(Connection c, String prefix) {
        return readAll(c, new ReadRequest("CustomersV3", List.of(), unit("usmf"), null,
                "CustomerAccount eq '" + prefix + "*'", 1000), null).stream()
                .collect(Collectors.toMap(r -> r.key().get("CustomerAccount"), r -> r));
    }

    /**
     * Forwards the F&amp;O service to the sandbox, and loses the answer of the next {@code $batch} of creates: after
     * the sandbox applied it, or before it reached the sandbox at all. Records the methods of every batch's parts.
     */
    private static final class DroppingProxy implements AutoCloseable {
        private final HttpServer server;
        private final HttpClient http = HttpClient.newHttpClient();
        private final String target;
        private final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
        private volatile Boolean drop;

        DroppingProxy(SandboxServer sandbox) throws IOException {
            URI base = URI.create(sandbox.baseUrl());
            target = base.getScheme() + "://" + base.getAuthority();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", this::forward);
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
        }

        Connection open(SandboxServer sandbox) {
            String url = sandbox.operationsUrl().replace(target, "http://127.0.0.1:" + server.getAddress().getPort());
            return new OperationsConnectorFactory().open(org.ferry.api.connector.ConnectorConfig.of(Map.of(
                    "baseUrl", url, "tokenUrl", sandbox.tokenUrl(), "clientId", SandboxOptions.CLIENT_ID,
                    "clientSecret", sandbox.clientSecret())), LOOPBACK);
        }

        /** @param applied whether the sandbox applies the creates before their answer is lost */
        void dropNextCreates(boolean applied) {
            batches.clear();
            drop = applied;
        }

        /** The method of each {@code $batch} since the last {@link #dropNextCreates}, all its parts having one. */
        List<String> batchMethods() {
            return batches.stream().map(methods -> {
                assertEquals(1, Set.copyOf(methods).size(), "one kind of request per batch: " + methods);
                return methods.get(0);
            }).toList();
        }

        private void forward(HttpExchange x) throws IOException {
            byte[] body = x.getRequestBody().readAllBytes();
            boolean creates = false;
            if (x.getRequestURI().getPath().endsWith("$batch")) {
                List<String> methods = new ArrayList<>();
                Matcher m = REQUEST_LINE.matcher(new String(body, StandardCharsets.UTF_8));
                while (m.find()) {
                    methods.add(m.group(1));
                }
                batches.add(methods);
                creates = methods.contains("POST");
            }
            Boolean dropping = creates ? drop : null;
            if (dropping != null) {
                drop = null;
            }
            if (Boolean.FALSE.equals(dropping)) {
                // the server closes the connection: the request never reaches the sandbox, no answer comes back
                throw new IOException("proxy: a batch of creates is lost on purpose before it is applied");
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + x.getRequestURI()))
                    .method(x.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            x.getRequestHeaders().forEach((k, v) -> {
                if (!Set.of("host", "content-length", "connection").contains(k.toLowerCase())) {
                    v.forEach(value -> b.header(k, value));
                }
            });
            HttpResponse<byte[]> r;
            try {
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            r.headers().map().forEach((k, v) -> {
                if (!Set.of("content-length", "transfer-encoding", "connection", "date").contains(k.toLowerCase())) {
                    v.forEach(value -> x.getResponseHeaders().add(k, value));
                }
            });
            byte[] answer = r.body();
            x.sendResponseHeaders(r.statusCode(), answer.length == 0 ? -1 : answer.length);
            OutputStream out = x.getResponseBody();
            if (Boolean.TRUE.equals(dropping)) {
                out.write(answer, 0, answer.length / 2);
                out.flush();
                throw new IOException("proxy: the answer to a batch of creates is lost on purpose");
            }
            out.write(answer);
            x.close();
        }

        @Override
        public void close() {
            server.stop(0);
            http.close();
        }
    }
}
