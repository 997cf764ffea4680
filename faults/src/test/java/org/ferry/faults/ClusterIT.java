package org.ferry.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.ferry.sandbox.SandboxOptions;
import org.ferry.sandbox.internal.throttle.RequestLog;
import org.ferry.testing.PostgresServer;
import org.ferry.testing.SandboxServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 16: three Ferry nodes in separate JVMs on one throwaway PostgreSQL store, the sandbox in this JVM. In order:
 * a node killed (SIGKILL) in the middle of a two-leg run of {@value #ACCOUNTS} accounts has its run taken over within
 * lease + poll interval and completed, every account exactly once in F&amp;O; a node frozen (SIGSTOP) past its
 * lease, then thawed (SIGCONT), writes nothing more; {@value #TRIGGERS} simultaneous triggers spread over the three
 * nodes start one run; {@value #SCHEDULED} projects scheduled every minute for {@value #SLOTS} minutes run each
 * (project, minute) slot exactly once, on at least two nodes; a restart of PostgreSQL in the middle of a run loses
 * nothing. Each scenario leaves the cluster of three UP nodes for the next.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private static final String SCENARIO = "cluster";
    private static final int ACCOUNTS = Integer.getInteger("faults.cluster.accounts", 100_000);
    private static final int SMALL_ACCOUNTS = 5_000;
    private static final int NODES = 3;
    private static final int TRIGGERS = 50;
    private static final int SCHEDULED = 20;
    private static final int SLOTS = 5;
    /** The target: a dead node's run is taken over within lease (15 s) + poll interval (1 s), under 30 s. */
    private static final Duration TAKEOVER_WITHIN = Duration.ofSeconds(30);
    private static final String HUB = "cluster";
    private static final String STORE_DB = "ferry";

    private Path work;
    private PostgresServer pg;
    private SandboxServer sandbox;
    private SandboxServer small;
    private SandboxData data;
    private final List<ServerProcess> nodes = new ArrayList<>();
    private final List<AdminClient> apis = new ArrayList<>();
    private AccountsProject accounts;
    private String smallSet;
    private final Random random = new Random(Long.getLong("faults.seed", System.nanoTime()));

    @BeforeAll
    void startCluster() throws Exception {
        long t0 = System.nanoTime();
        work = Report.work(SCENARIO);
        pg = PostgresServer.start();
        pg.createDatabase(STORE_DB);
        // what a node's loss costs, not the services' server time (ThrottlingIT and the budget benchmark measure that)
        sandbox = SandboxServer.start(SandboxOptions.builder().accounts(ACCOUNTS).sampleData(false).unlimited().build());
        small = SandboxServer.start(SandboxOptions.builder().accounts(SMALL_ACCOUNTS).sampleData(false).unlimited().build());
        data = new SandboxData(sandbox);
        for (int i = 1; i <= NODES; i++) {
            ServerProcess node = new ServerProcess(work.resolve("node-" + i),
                    List.of("--store", "postgresql://" + pg.host() + ":" + pg.port() + "/" + STORE_DB + "?user=" + pg.user(),
                            "--node", "node-" + i),
                    Map.of("FERRY_STORE_PASSWORD", pg.password(), "FERRY_JAVA_OPTS", "-Dferry.scheduler.tickMillis=1000"),
                    work.resolve("conf"));
            node.start(); // one after the other: the first migrates the store and creates the admin
            nodes.add(node);
        }
        AdminClient first = new AdminClient(nodes.get(0).apiUrl()).login();
        for (ServerProcess node : nodes) {
            apis.add(first.on(node.apiUrl())); // a token one node issued is valid on every node
        }
        JsonNode cluster = apis.get(2).get("/cluster");
        assertEquals(NODES, cluster.path("nodes").size(), cluster.toString());
        cluster.path("nodes").forEach(n -> assertEquals("UP", n.path("status").asText(), cluster.toString()));
        Report.line(SCENARIO, NODES + " nodes UP on PostgreSQL at port " + pg.port() + " after "
                + Duration.ofNanos(System.nanoTime() - t0).toSeconds() + " s; " + ACCOUNTS + " accounts in the sandbox");
    }

    @AfterAll
    void stopCluster() {
        nodes.forEach(ServerProcess::close);
        if (sandbox != null) {
            sandbox.close();
        }
        if (small != null) {
            small.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    @Order(0)
    void aPluginUploadedThroughOneNodeIsActiveOnEveryNodeAndRemovedEverywhere() throws Exception {
        long t0 = System.nanoTime();
        byte[] jar = Files.readAllBytes(Path.of(System.getProperty("ferry.partner.transform",
                "../examples/partner-transform/target/partner-transform-phone-0.1.0-SNAPSHOT.jar")));
        HttpResponse<String> uploaded = apis.get(1).upload("/plugins?file=partner-transform-phone.jar", jar);
        assertEquals(201, uploaded.statusCode(), uploaded.body());
        JsonNode everywhere = awaitJson(apis.get(2), "/plugins", Duration.ofSeconds(30), plugins -> {
            JsonNode p = plugin(plugins, PLUGIN);
            return p != null && p.path("nodes").size() == NODES;
        });
        assertEquals(List.of("node-1", "node-2", "node-3"), texts(plugin(everywhere, PLUGIN).path("nodes")), everywhere.toString());
        Duration spread = Duration.ofNanos(System.nanoTime() - t0);
        for (AdminClient api : apis) {
            awaitJson(api, "/transforms", Duration.ofSeconds(30), t -> texts(t, "type").contains("PhoneE164"));
        }
        assertEquals(204, apis.get(0).delete("/plugins/" + PLUGIN).statusCode());
        for (AdminClient api : apis) {
            awaitJson(api, "/transforms", Duration.ofSeconds(30), t -> !texts(t, "type").contains("PhoneE164"));
        }
        for (ServerProcess node : nodes) {
            assertTrue(!Files.exists(node.home().resolve("deploy/partner-transform-phone.jar")), "removed from " + node.home());
        }
        Report.line(SCENARIO, "plugin uploaded through node-2 active on every node after " + spread.toMillis()
                + " ms; removed through node-1 from every node in " + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms");
    }

    @Test
    @Order(1)
    void aKilledNodesRunIsTakenOverAndEveryAccountReachesFinOpsExactlyOnce() throws Exception {
        long t0 = System.nanoTime();
        accounts = AccountsProject.create(apis.get(0), sandbox, HUB);
        sandbox.requestLog().clear();
        String runId = accounts.startRun(apis.get(0));
        long total = 2L * ACCOUNTS;
        long killAt = (long) (total * (0.25 + 0.5 * random.nextDouble()));
        JsonNode before = AccountsProject.await(apis.get(0), runId, Duration.ofMinutes(10),
                r -> position(r) >= killAt || AccountsProject.FINISHED.contains(r.path("status").asText()));
        assertEquals("RUNNING", before.path("status").asText(), "the kill must fall inside the run: " + before);
        String owner = last(before.path("nodes"));
        ServerProcess victim = node(owner);
        victim.kill();
        long killed = System.nanoTime();
        AdminClient survivor = apis.get((nodes.indexOf(victim) + 1) % NODES);

        JsonNode taken = AccountsProject.await(survivor, runId, TAKEOVER_WITHIN.plusSeconds(30),
                r -> r.path("nodes").size() >= 2 || AccountsProject.FINISHED.contains(r.path("status").asText()));
        Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
        assertTrue(taken.path("nodes").size() >= 2, "another node claims the run: " + taken);
        assertTrue(takeover.compareTo(TAKEOVER_WITHIN) <= 0, "taken over in " + takeover.toMillis() + " ms");
        JsonNode done = AccountsProject.awaitEnd(survivor, runId, Duration.ofMinutes(15));
        assertEquals("COMPLETED", done.path("status").asText(), done.toString());
        assertEquals(owner, done.path("nodes").path(0).asText(), "the history names the node that died first: " + done);
        assertTrue(!owner.equals(last(done.path("nodes"))), "and then the node that finished it: " + done);
        Report.line(SCENARIO, "kill -9 of " + owner + " at " + position(before) + "/" + total + " records read; taken over by "
                + last(done.path("nodes")) + " " + takeover.toMillis() + " ms later; COMPLETED (leg 1 "
                + KillNineIT.legCounts(done, 0) + ", leg 2 " + KillNineIT.legCounts(done, 1) + ")");

        List<SandboxData.Row> source = data.salesAccounts();
        KeyCheck operations = KeyCheck.compare("F&O CustomersV3", source, data.operationsCustomers());
        Report.line(SCENARIO, operations.toString());
        assertTrue(operations.clean(), operations.toString());
        CustomerWrites writes = CustomerWrites.of(sandbox.requestLog());
        Report.line(SCENARIO, "request log: " + writes);
        assertEquals(ACCOUNTS, writes.creates(), "every account was created in F&O exactly once");
        KeyCheck hub = KeyCheck.compare("CDS hub Account (PostgreSQL)", source, hubAccounts());
        Report.line(SCENARIO, hub.toString());
        assertTrue(hub.clean(), hub.toString());

        victim.start(); // the same node again, for the next scenarios
        awaitUp(NODES);
        Report.line(SCENARIO, "takeover scenario passed in " + Duration.ofNanos(System.nanoTime() - t0).toSeconds() + " s");
    }

    @Test
    @Order(2)
    void aNodeFrozenPastItsLeaseWritesNothingWhenItWakes() throws Exception {
        long t0 = System.nanoTime();
        JsonNode started = apis.get(1).postExpect("/projects/" + accounts.id + "/runs", Map.of("mode", "full"), 202);
        String runId = started.path("id").asText();
        JsonNode before = AccountsProject.await(apis.get(1), runId, Duration.ofMinutes(10),
                r -> position(r) >= ACCOUNTS / 4 || AccountsProject.FINISHED.contains(r.path("status").asText()));
        assertEquals("RUNNING", before.path("status").asText(), before.toString());
        String owner = last(before.path("nodes"));
        ServerProcess frozen = node(owner);
        AdminClient other = apis.get((nodes.indexOf(frozen) + 1) % NODES);
        frozen.pause();
        long paused = System.nanoTime();
        try {
            JsonNode taken = AccountsProject.await(other, runId, TAKEOVER_WITHIN.plusSeconds(30),
                    r -> r.path("nodes").size() >= 2 || AccountsProject.FINISHED.contains(r.path("status").asText()));
            assertTrue(taken.path("nodes").size() >= 2, "another node claims the frozen node's run: " + taken);
            Duration takeover = Duration.ofNanos(System.nanoTime() - paused);
            JsonNode done = AccountsProject.awaitEnd(other, runId, Duration.ofMinutes(15));
            assertEquals("COMPLETED", done.path("status").asText(), done.toString());
            Report.line(SCENARIO, "SIGSTOP of " + owner + " at " + position(before) + " records read; taken over "
                    + takeover.toMillis() + " ms later by " + last(done.path("nodes")) + ", COMPLETED while it was frozen");
        } catch (AssertionError | RuntimeException e) {
            frozen.resume();
            throw e;
        }

        Map<String, Object> store = storeSnapshot(runId);
        JsonNode run = other.get("/runs/" + runId);
        long thawed = System.nanoTime();
        frozen.resume();
        Thread.sleep(Duration.ofSeconds(20)); // several renewal periods: long enough for anything it would still write

        assertEquals(store, storeSnapshot(runId), "the store after the frozen node woke");
        assertEquals(run, other.get("/runs/" + runId), "the run after the frozen node woke");
        List<RequestLog.Entry> late = sandbox.requestLog().entries().stream()
                .filter(e -> e.nanos() > thawed && !e.method().equals("GET") && !e.path().contains("/oauth2/")).toList();
        assertEquals(List.of(), late, "requests that write, sent to the services after the frozen node woke");
        String log = Files.readString(frozen.dataDir().resolve("logs/ferry.log"));
        assertTrue(log.contains("writes nothing more") || log.contains("without writing anything more"),
                "the woken node says it stopped the run without writing: " + tail(log));
        awaitUp(NODES);
        Report.line(SCENARIO, owner + " woke, wrote nothing, and is UP again; scenario passed in "
                + Duration.ofNanos(System.nanoTime() - t0).toSeconds() + " s");
    }

    @Test
    @Order(3)
    void fiftySimultaneousTriggersOverThreeNodesStartOneRun() throws Exception {
        String project = smallProject("Triggers");
        CountDownLatch go = new CountDownLatch(1);
        List<HttpResponse<String>> answers = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(TRIGGERS)) {
            List<Future<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < TRIGGERS; i++) {
                AdminClient api = apis.get(i % NODES);
                calls.add(clients.submit(() -> {
                    go.await();
                    return api.post("/projects/" + project + "/runs", Map.of("mode", "incremental"));
                }));
            }
            go.countDown();
            for (Future<HttpResponse<String>> call : calls) {
                answers.add(call.get());
            }
        }
        List<Integer> statuses = answers.stream().map(HttpResponse::statusCode).toList();
        assertEquals(1, statuses.stream().filter(s -> s == 202).count(), "one trigger starts a run: " + statuses);
        assertEquals(TRIGGERS - 1, statuses.stream().filter(s -> s == 409).count(), "the others are refused: " + statuses);
        for (HttpResponse<String> r : answers) {
            if (r.statusCode() == 409) {
                assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), r.body());
            }
        }
        String runId = AdminClient.parse(answers.get(statuses.indexOf(202))).path("id").asText();
        JsonNode history = apis.get(2).get("/projects/" + project + "/runs");
        assertEquals(1, history.path("items").size(), history.toString());
        JsonNode done = AccountsProject.awaitEnd(apis.get(1), runId, Duration.ofMinutes(5));
        assertEquals("COMPLETED", done.path("status").asText(), done.toString());
        Report.line(SCENARIO, TRIGGERS + " triggers over " + NODES + " nodes: one run (on " + done.path("nodes") + "), "
                + (TRIGGERS - 1) + " × 409");
    }

    @Test
    @Order(4)
    void projectsScheduledEveryMinuteRunEachSlotOnceOnSeveralNodes() throws Exception {
        List<String> projects = new ArrayList<>();
        for (int i = 1; i <= SCHEDULED; i++) {
            projects.add(smallProject("Scheduled " + i));
        }
        // the first slot at least 30 s ahead: a schedule saved after its start begins at its next slot, and saving 20
        // took until 08:29:00.129 once, when the first slot was 08:29:00
        Instant start = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        Instant end = start.plus(Duration.ofMinutes(SLOTS - 1)).plusSeconds(30);
        for (int i = 0; i < projects.size(); i++) {
            HttpResponse<String> r = apis.get(i % NODES).put("/projects/" + projects.get(i) + "/schedule",
                    Map.of("every", 1, "unit", "minutes", "start", start.toString(), "end", end.toString(), "enabled", true));
            assertEquals(200, r.statusCode(), r.body());
        }
        Report.line(SCENARIO, SCHEDULED + " projects scheduled every minute from " + start + " to " + end);
        Thread.sleep(Duration.between(Instant.now(), end).plusSeconds(60));
        for (String p : projects) {
            awaitIdle(p);
        }

        Map<String, Integer> runsPerNode = new TreeMap<>();
        for (String p : projects) {
            JsonNode runs = apis.get(0).get("/runs?project=" + p + "&trigger=schedule&limit=100").path("items");
            Map<Instant, String> slots = slots(p);
            List<Instant> expected = new ArrayList<>();
            for (int k = 0; k < SLOTS; k++) {
                expected.add(start.plus(Duration.ofMinutes(k)));
            }
            assertEquals(expected, new ArrayList<>(slots.keySet()), "project " + p + " fired each slot once");
            assertEquals(SLOTS, runs.size(), "project " + p + " has one scheduled run per slot: " + runs);
            Set<String> ids = new HashSet<>();
            List<Instant[]> spans = new ArrayList<>();
            for (JsonNode run : runs) {
                ids.add(run.path("id").asText());
                assertEquals("COMPLETED", run.path("status").asText(), run.toString());
                runsPerNode.merge(last(run.path("nodes")), 1, Integer::sum);
                spans.add(new Instant[] {Instant.parse(run.path("startedAt").asText()), Instant.parse(run.path("endedAt").asText())});
            }
            assertEquals(new HashSet<>(slots.values()), ids, "each slot's run is one of the project's scheduled runs");
            spans.sort((a, b) -> a[0].compareTo(b[0]));
            for (int k = 1; k < spans.size(); k++) {
                assertTrue(!spans.get(k)[0].isBefore(spans.get(k - 1)[1]), "the project's runs never overlap: " + runs);
            }
        }
        Report.line(SCENARIO, SCHEDULED * SLOTS + " slots ran once each; scheduled runs per node " + runsPerNode);
        assertTrue(runsPerNode.size() >= 2, "the slots ran on at least two nodes: " + runsPerNode);
    }

    @Test
    @Order(5)
    void aRestartOfPostgresqlInTheMiddleOfARunLosesNothing() throws Exception {
        long t0 = System.nanoTime();
        List<String> renamed = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String key = data.salesAccounts().get(random.nextInt(ACCOUNTS)).key();
            data.renameAccount(key, "Renamed before the restart " + i);
            renamed.add(key);
        }
        JsonNode started = apis.get(2).postExpect("/projects/" + accounts.id + "/runs", Map.of("mode", "full"), 202);
        String runId = started.path("id").asText();
        JsonNode before = AccountsProject.await(apis.get(2), runId, Duration.ofMinutes(10),
                r -> position(r) >= ACCOUNTS / 2 || AccountsProject.FINISHED.contains(r.path("status").asText()));
        assertEquals("RUNNING", before.path("status").asText(), before.toString());
        pg.restart();
        Report.line(SCENARIO, "PostgreSQL restarted at " + position(before) + " records read");
        JsonNode done = awaitEndThroughOutage(runId, Duration.ofMinutes(15));
        assertEquals("COMPLETED", done.path("status").asText(), done.toString());
        List<SandboxData.Row> source = data.salesAccounts();
        KeyCheck operations = KeyCheck.compare("F&O CustomersV3", source, data.operationsCustomers());
        KeyCheck hub = KeyCheck.compare("CDS hub Account (PostgreSQL)", source, hubAccounts());
        Report.line(SCENARIO, "after the restart: run " + done.path("status").asText() + " on " + done.path("nodes") + "; "
                + operations + "; " + hub);
        assertTrue(operations.clean(), operations.toString());
        assertTrue(hub.clean(), hub.toString());
        awaitUp(NODES);
        Report.line(SCENARIO, "restart scenario passed in " + Duration.ofNanos(System.nanoTime() - t0).toSeconds() + " s");
    }

    private static final String PLUGIN = "com.example.ferry.phone";

    private static JsonNode awaitJson(AdminClient api, String path, Duration timeout,
                                      java.util.function.Predicate<JsonNode> until) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = api.get(path);
            if (until.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(path + " did not get there within " + timeout.toSeconds() + " s: " + last);
    }

    private static JsonNode plugin(JsonNode plugins, String symbolicName) {
        for (JsonNode p : plugins.isArray() ? plugins : plugins.path("items")) {
            if (symbolicName.equals(p.path("symbolicName").asText())) {
                return p;
            }
        }
        return null;
    }

    private static List<String> texts(JsonNode array) {
        List<String> result = new ArrayList<>();
        array.forEach(n -> result.add(n.asText()));
        return result;
    }

    /** @return the values of a field over the items of a list answer (or of a bare array) */
    private static List<String> texts(JsonNode list, String field) {
        List<String> result = new ArrayList<>();
        (list.isArray() ? list : list.path("items")).forEach(n -> result.add(n.path(field).asText()));
        return result;
    }

    /** Records read so far: leg 1's, or all accounts once leg 1 is done, plus leg 2's. */
    private static long position(JsonNode run) {
        JsonNode leg1 = run.path("tasks").path(0).path("legs").path(0);
        long first = "DONE".equals(leg1.path("status").asText()) ? ACCOUNTS : leg1.path("read").asLong();
        return first + AccountsProject.count(run, 1, "read");
    }

    private ServerProcess node(String id) {
        return nodes.get(Integer.parseInt(id.substring("node-".length())) - 1);
    }

    private static String last(JsonNode array) {
        return array.path(array.size() - 1).asText();
    }

    /** Waits until every node's heartbeat is current (a restarted or woken node is UP again). */
    private void awaitUp(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode cluster = null;
        while (System.nanoTime() < deadline) {
            try {
                cluster = apis.get(0).get("/cluster");
                long up = 0;
                for (JsonNode n : cluster.path("nodes")) {
                    up += "UP".equals(n.path("status").asText()) ? 1 : 0;
                }
                if (up == count) {
                    return;
                }
            } catch (RuntimeException e) {
                // a node still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not every node UP within 60 s: " + cluster);
    }

    /** Polls a run while the store restarts: the API answers 503 meanwhile, which is no failure of the run. */
    private JsonNode awaitEndThroughOutage(String runId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int i = 0;
        while (System.nanoTime() < deadline) {
            try {
                JsonNode run = apis.get(i++ % NODES).get("/runs/" + runId);
                if (AccountsProject.FINISHED.contains(run.path("status").asText())) {
                    return run;
                }
            } catch (RuntimeException e) {
                // the store is restarting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("run " + runId + " did not end within " + timeout.toSeconds() + " s");
    }

    private void awaitIdle(String project) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode live = apis.get(0).get("/runs?project=" + project + "&status=QUEUED&status=RUNNING").path("items");
            if (live.isEmpty()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("project " + project + " still runs 3 minutes after its schedule ended");
    }

    /** A project of the small sandbox's accounts; the connections and their set are made once. */
    private String smallProject(String name) {
        AdminClient api = apis.get(0);
        if (smallSet == null) {
            Map<String, String> remote = Map.of("tokenUrl", small.tokenUrl(), "clientId", small.clientId(),
                    "clientSecret", small.clientSecret());
            Map<String, String> sales = new HashMap<>(remote);
            sales.put("baseUrl", small.salesUrl());
            Map<String, String> fo = new HashMap<>(remote);
            fo.put("baseUrl", small.operationsUrl());
            String s = api.postExpect("/connections", Map.of("name", "Sales (small)", "type", "dynamics-sales", "config", sales), 201)
                    .path("id").asText();
            String o = api.postExpect("/connections", Map.of("name", "F&O (small)", "type", "dynamics-operations", "config", fo), 201)
                    .path("id").asText();
            String h = api.postExpect("/connections", Map.of("name", "Hub (small)", "type", "cds",
                    "config", Map.of("environment", "small", "organizations", "ORG001")), 201).path("id").asText();
            smallSet = api.postExpect("/connection-sets", Map.of("name", "Small", "connections",
                    Map.of("sales", s, "cds", h, "operations", o),
                    "organizationMappings", List.of(Map.of("name", "USMF", "units", Map.of("cds", "ORG001", "operations", "USMF"))),
                    "integrationKeys", Map.of("sales", Map.of("account", List.of("accountnumber")),
                            "cds", Map.of("Account", List.of("AccountId")))), 201).path("id").asText();
        }
        return api.postExpect("/projects", Map.of("name", name, "template", "p2c-accounts", "connectionSet", smallSet,
                "organizationMapping", "USMF", "consent", Map.of("accepted", true)), 201).path("id").asText();
    }

    /** @return the slots the store records as fired for the project, with their runs */
    private Map<Instant, String> slots(String project) throws Exception {
        Map<Instant, String> slots = new TreeMap<>();
        try (Connection c = pg.connect(STORE_DB);
             PreparedStatement ps = c.prepareStatement("SELECT slot_at, run_id FROM schedule_slots WHERE project_id = ?")) {
            ps.setString(1, project);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    slots.put(rs.getTimestamp(1).toInstant(), rs.getString(2));
                }
            }
        }
        return slots;
    }

    /** The hub's accounts, read from its PostgreSQL database. */
    private List<SandboxData.Row> hubAccounts() throws Exception {
        List<SandboxData.Row> rows = new ArrayList<>();
        try (Connection c = pg.connect(STORE_DB + "_cds_" + HUB); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"_key\", \"Name\" FROM \"ENTITIES\".\"Account\"")) {
            while (rs.next()) {
                rows.add(new SandboxData.Row(rs.getString(1), null, rs.getString(2)));
            }
        }
        return rows;
    }

    /** What the store holds of a run and of what it wrote: its row, errors, checkpoints, hashes, the hub's rows. */
    private Map<String, Object> storeSnapshot(String runId) throws Exception {
        Map<String, Object> snapshot = new TreeMap<>();
        try (Connection c = pg.connect(STORE_DB); Statement s = c.createStatement()) {
            snapshot.put("run", one(s, "SELECT status || ' ' || COALESCE(CAST(ended_at AS VARCHAR), '') || ' '"
                    + " || lease_token || ' ' || progress FROM runs WHERE id = '" + runId + "'"));
            snapshot.put("errors", one(s, "SELECT COUNT(*) || '/' || COALESCE(MAX(id), 0) FROM run_errors"));
            snapshot.put("checkpoints", one(s, "SELECT COUNT(*) || '/' || COALESCE(MAX(CAST(updated_at AS VARCHAR)), '')"
                    + " FROM checkpoints"));
            snapshot.put("hashes", one(s, "SELECT COUNT(*) || '/' || COALESCE(SUM(digest), 0) || '/'"
                    + " || COALESCE(SUM(LENGTH(COALESCE(hash, '') || COALESCE(seen_run, ''))), 0) FROM record_hashes"));
            snapshot.put("claims", one(s, "SELECT COUNT(*) FROM run_claims WHERE run_id = '" + runId + "'"));
        }
        try (Connection c = pg.connect(STORE_DB + "_cds_" + HUB); Statement s = c.createStatement()) {
            snapshot.put("hub", one(s, "SELECT COUNT(*) || '/' || MAX(\"_seq\") FROM \"ENTITIES\".\"Account\""));
        }
        return snapshot;
    }

    private static String one(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String tail(String log) {
        return log.substring(Math.max(0, log.length() - 3000));
    }
}
