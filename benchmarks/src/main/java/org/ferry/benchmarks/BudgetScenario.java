package org.ferry.benchmarks;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ConnectionContext;
import org.ferry.api.connector.ConnectorConfig;
import org.ferry.api.organization.OrganizationMapping;
import org.ferry.api.template.FieldMapping;
import org.ferry.api.template.LegTemplate;
import org.ferry.api.template.TransformStep;
import org.ferry.connectors.operations.internal.OperationsConnectorFactory;
import org.ferry.connectors.sales.internal.SalesConnectorFactory;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.Consent;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.ProjectTask;
import org.ferry.runtime.management.RunInfo;
import org.ferry.runtime.management.RunLegInfo;
import org.ferry.runtime.testing.EngineHarness;
import org.ferry.transforms.internal.mapping.DefaultTransform;
import org.ferry.transforms.internal.mapping.TruncateTransform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * (7) Throughput within the services' budgets: generated accounts written into the Dataverse sandbox with its budget
 * model on (the published costs, a window scaled to {@value #WINDOW_S} s with the limits scaled with it), by one
 * application user and by four, on the real engine and connector; then 100,000 F&amp;O customers through OData and
 * through data packages. The ceiling is the sandbox's own figure ({@code GET control/budget}).
 */
final class BudgetScenario {
    static final int WINDOW_S = 15;
    private static final int FO_RECORDS = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private BudgetScenario() {
    }

    static void run(Path dir, Report report) throws Exception {
        report.section("7. Throughput within the services' budgets");
        try (SandboxProcess sandbox = SandboxProcess.start(2048, "sample-data=false", "window-seconds=" + WINDOW_S,
                "app-users=4", "server-cost-scale=1", "request-cost-ms=10", "write-cost-ms=50", "bulk-record-cost-ms=20",
                "read-row-cost-ms=0.05", "operations-write-cost-ms=10", "package-record-cost-ms=0.1",
                "package-job-ms=1000")) {
            JsonNode budget = budget(sandbox);
            double ceiling = budget.path("ceilingRecordsPerSecond").asDouble();
            report.put("budget_ceiling_rps", ceiling);
            report.line(String.format("Sandbox budget per application user and web server: %d requests and %d s of"
                    + " execution per %d s window, %d concurrent; %d web server(s); x-ms-dop-hint %d. Costs: 10 ms a request,"
                    + " 20 ms a record of UpsertMultiple (the published ~200 records/s for one user). Ceiling one user can"
                    + " reach, as the sandbox computes it: **%s records/s**.", budget.path("requestsPerWindow").asInt(),
                    budget.path("executionSecondsPerWindow").asInt(), WINDOW_S, budget.path("maxConcurrency").asInt(),
                    budget.path("webServers").asInt(), budget.path("dopHint").asInt(), Report.num(ceiling)));

            // at least two windows of writing at the ceiling
            int n1 = (int) Math.ceil(ceiling * WINDOW_S * 2.5 / 1000) * 1000;
            double rps1 = accountsRun(dir.resolve("one"), sandbox, n1, 1, report, "one application user");
            report.put("budget_rps_1", rps1);
            report.put("budget_utilization_1", rps1 / ceiling);
            report.line(String.format("Utilization of one user's budget: **%s** (target ≥ 90 %%)", Report.pct(rps1 / ceiling)));

            double rps4 = accountsRun(dir.resolve("four"), sandbox, n1 * 4, 4, report, "four application users");
            JsonNode after4 = budget(sandbox);
            long admittedAll = 0;
            long throttledAll = 0;
            for (JsonNode u : after4.path("users")) {
                admittedAll += u.path("admitted").asLong();
                throttledAll += u.path("throttled").asLong();
            }
            double share = admittedAll + throttledAll == 0 ? 0 : (double) throttledAll / (admittedAll + throttledAll);
            report.put("budget_throttled_share", share);
            report.put("budget_rps_4", rps4);
            report.put("budget_scaling_4", rps4 / rps1);
            report.line(String.format("Four users: **%s×** one (target ≥ 3.6). Requests answered 429 over both runs: %,d of"
                    + " %,d = **%s** (target ≤ 1 %%).", Report.num(rps4 / rps1), throttledAll, admittedAll + throttledAll,
                    Report.pct(share)));

            double odata = customersRun(dir.resolve("fo-odata"), sandbox, "-1", report, "OData");
            double packages = customersRun(dir.resolve("fo-package"), sandbox, "0", report, "data packages");
            report.put("fo_odata_rps", odata);
            report.put("fo_package_rps", packages);
            report.line(String.format("F&O: packages write **%s×** as fast as OData (target ≥ 5×).",
                    Report.num(packages / odata)));
        }
    }

    /** Generated accounts → Sales account, upserted by account number; returns records per second. */
    private static double accountsRun(Path dir, SandboxProcess sandbox, int n, int users, Report report, String label)
            throws Exception {
        List<FieldMapping> mapping = List.of(FieldMapping.direct("accountnumber", "accountnumber"),
                FieldMapping.direct("name", "name"), FieldMapping.direct("telephone1", "telephone1"),
                FieldMapping.direct("emailaddress1", "emailaddress1"), FieldMapping.direct("address1_city", "address1_city"),
                FieldMapping.direct("address1_country", "address1_country"), FieldMapping.direct("creditlimit", "creditlimit"));
        Map<String, String> config = new LinkedHashMap<>(Map.of("baseUrl", sandbox.salesUrl, "tokenUrl", sandbox.tokenUrl,
                "clientId", "ferry-sandbox", "clientSecret", sandbox.secret));
        if (users > 1) {
            StringBuilder ids = new StringBuilder();
            StringBuilder secrets = new StringBuilder();
            for (int u = 2; u <= users; u++) {
                ids.append(u == 2 ? "" : ",").append("ferry-sandbox-").append(u);
                secrets.append(u == 2 ? "" : ",").append(sandbox.secret).append('-').append(u);
            }
            config.put("additionalClientIds", ids.toString());
            config.put("additionalClientSecrets", secrets.toString());
        }
        GeneratedAccounts source = new GeneratedAccounts(n);
        TimedConnection.Clock writes = new TimedConnection.Clock();
        Map<String, Supplier<Connection>> connections = Map.of("c-source", () -> source,
                "c-sales", () -> new TimedConnection(new SalesConnectorFactory().open(ConnectorConfig.of(config),
                        context(dir)), writes));
        ProjectInfo project = project(new LegTemplate("source", GeneratedAccounts.ENTITY, "sales", "account", mapping, null,
                List.of(), false));
        ConnectionSetInfo set = new ConnectionSetInfo("set", "Bench", Map.of("source", "c-source", "sales", "c-sales"),
                List.of(new OrganizationMapping("M", Map.of())), Map.of(), null, null);
        try (EngineHarness engine = EngineHarness.in(dir).connection("c-source", "generated", connections.get("c-source"))
                .connection("c-sales", "dynamics-sales", connections.get("c-sales"))
                .transforms(List.of(new DefaultTransform(), new TruncateTransform())).start().project(project)
                .connectionSet(set)) {
            long t0 = System.nanoTime();
            RunInfo run = engine.run("budget", "full", Duration.ofHours(2));
            double seconds = (System.nanoTime() - t0) / 1e9;
            RunLegInfo leg = run.tasks().get(0).legs().get(0);
            double rps = (leg.inserted() + leg.updated()) / seconds;
            report.line(String.format("%s: %,d accounts (%,d inserted, %,d updated, %,d failed, run %s) in %.1f s ="
                    + " **%s records/s**; %.1f s of it in the connector's upsert calls", label, n, leg.inserted(),
                    leg.updated(), leg.failed(), run.status(), seconds, Report.num(rps), writes.writeSeconds()));
            return rps;
        }
    }

    /** Generated accounts → F&O CustomersV3 in USMF, through OData or packages; returns records per second. */
    private static double customersRun(Path dir, SandboxProcess sandbox, String threshold, Report report, String label)
            throws Exception {
        List<FieldMapping> mapping = List.of(FieldMapping.direct("CustomerAccount", "accountnumber"),
                new FieldMapping("OrganizationName", "name", List.of(new TransformStep("Truncate", Map.of()))),
                FieldMapping.direct("AddressCity", "address1_city"), FieldMapping.direct("PrimaryContactPhone", "telephone1"),
                FieldMapping.direct("CustomerGroupId", "customergroup"), FieldMapping.direct("SalesCurrencyCode", "currencycode"));
        Map<String, String> config = Map.of("baseUrl", sandbox.operationsUrl, "tokenUrl", sandbox.tokenUrl,
                "clientId", "ferry-sandbox", "clientSecret", sandbox.secret, "packageThreshold", threshold);
        GeneratedAccounts source = new GeneratedAccounts(FO_RECORDS);
        Map<String, Supplier<Connection>> connections = Map.of("c-source", () -> source,
                "c-ops", () -> new OperationsConnectorFactory().open(ConnectorConfig.of(config), context(dir)));
        ProjectInfo project = project(new LegTemplate("source", GeneratedAccounts.ENTITY, "operations", "CustomersV3",
                mapping, null, List.of(), false));
        ConnectionSetInfo set = new ConnectionSetInfo("set", "Bench", Map.of("source", "c-source", "operations", "c-ops"),
                List.of(new OrganizationMapping("M", Map.of("operations", "USMF"))), Map.of(), null, null);
        try (EngineHarness engine = EngineHarness.in(dir).connection("c-source", "generated", connections.get("c-source"))
                .connection("c-ops", "dynamics-operations", connections.get("c-ops"))
                .transforms(List.of(new DefaultTransform(), new TruncateTransform())).start().project(project)
                .connectionSet(set)) {
            long t0 = System.nanoTime();
            RunInfo run = engine.run("budget", "full", Duration.ofHours(2));
            double seconds = (System.nanoTime() - t0) / 1e9;
            RunLegInfo leg = run.tasks().get(0).legs().get(0);
            double rps = (leg.inserted() + leg.updated()) / seconds;
            report.line(String.format("F&O %s: %,d customers (%,d inserted, %,d updated, %,d failed, run %s) in %.1f s ="
                    + " **%s records/s**", label, FO_RECORDS, leg.inserted(), leg.updated(), leg.failed(), run.status(),
                    seconds, Report.num(rps)));
            return rps;
        }
    }

    private static ProjectInfo project(LegTemplate leg) {
        return new ProjectInfo("budget", "Budget", null, "set", "M", new Consent(true, "bench", Instant.now(),
                Consent.TEXT_VERSION), List.of(new ProjectTask("t", "Accounts", List.of(leg))), -1, Instant.now(),
                Instant.now());
    }

    private static JsonNode budget(SandboxProcess sandbox) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String form = "client_id=ferry-sandbox&client_secret=" + URLEncoder.encode(sandbox.secret, StandardCharsets.UTF_8)
                    + "&grant_type=client_credentials&scope=" + URLEncoder.encode(sandbox.salesUrl + "/.default",
                    StandardCharsets.UTF_8);
            String token = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(sandbox.tokenUrl))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
                    .build(), HttpResponse.BodyHandlers.ofString()).body()).get("access_token").asText();
            String base = sandbox.salesUrl.substring(0, sandbox.salesUrl.indexOf("/sandbox/") + "/sandbox/".length());
            return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "control/budget"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body());
        }
    }

    private static ConnectionContext context(Path dir) {
        return new ConnectionContext() {
            public String connectionId() {
                return dir.getFileName().toString();
            }

            public String connectionName() {
                return connectionId();
            }

            public Path workDirectory() {
                return dir.resolve("work");
            }

            public boolean allowInsecureLoopback() {
                return true;
            }
        };
    }
}
