package org.ferry.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * (6) The assembled distribution as users start it: cold start to healthy, hot deploy of the partner
 * transform, then admin API GETs from 32 clients while a run is in progress.
 */
final class ServerScenario {
    static final String ADMIN_PASSWORD = "bench-Admin-pw-1";
    static final String SANDBOX_SECRET = "bench-sandbox-secret";
    static final int CLIENTS = 32;
    /** How often each paced client sends a GET: 32 × 20/s = 640 requests/s, about twenty times what a console sends. */
    static final Duration PERIOD = Duration.ofMillis(50);

    private ServerScenario() {
    }

    static void run(Path dir, int apiAccounts, Report report) throws Exception {
        Path dist = Path.of(System.getProperty("ferry.dist", "runtime/launcher/target/ferry"));
        Path plugin = Path.of(System.getProperty("ferry.plugins", "benchmarks/target/plugins")).resolve("partner-transform-phone.jar");
        report.section("6. Server: cold start, hot deploy, admin API under load");

        int port = freePort();
        Path first = dir.resolve("first");
        long t0 = System.nanoTime();
        Process server = start(dist, first, port, List.of());
        ApiClient api = new ApiClient("http://127.0.0.1:" + port);
        try {
            if (!api.awaitOk("/api/health", null, Duration.ofSeconds(120))) {
                throw new IllegalStateException("the server was not healthy within 120 s; see " + first.resolve("console.out"));
            }
            double cold = (System.nanoTime() - t0) / 1e9;
            report.put("cold_start_s", cold);
            report.line(String.format("Cold start (new process, empty data folder → GET /api/health 200): **%.2f s** "
                    + "(target ≤ 3 s)", cold));
            boolean auth = api.login(ADMIN_PASSWORD);
            if (!api.awaitOk("/api/transforms", null, Duration.ofSeconds(60))) {
                throw new IllegalStateException("GET /api/transforms never answered 200");
            }
            Path deploy = first.resolve("deploy");
            Path part = deploy.resolve("partner-transform-phone.jar.part");
            Files.copy(plugin, part, StandardCopyOption.REPLACE_EXISTING);
            long t1 = System.nanoTime();
            Files.move(part, deploy.resolve("partner-transform-phone.jar"), StandardCopyOption.ATOMIC_MOVE);
            boolean visible = api.awaitOk("/api/transforms", "PhoneE164", Duration.ofSeconds(60));
            double hot = (System.nanoTime() - t1) / 1e9;
            report.put("hot_deploy_s", visible ? hot : null);
            report.line(String.format("Hot deploy (jar moved into deploy/ → PhoneE164 listed by GET /api/transforms, polled "
                    + "every 20 ms): **%s** (target ≤ 2 s; FileInstall polls deploy/ every 1 s)%s",
                    visible ? String.format("%.2f s", hot) : "not visible within 60 s", auth ? "" : "; API without auth"));
        } finally {
            stop(server);
        }

        port = freePort();
        Path second = dir.resolve("second");
        // The Sales sandbox in a JVM of its own, as the real service is elsewhere: inside the server (--sandbox) its
        // accounts and its request handling were most of the server's heap and garbage, and so of its GC pauses
        SandboxProcess sandbox = SandboxProcess.start(apiAccounts);
        server = start(dist, second, port, List.of(), "-Dferry.allowInsecureLoopback=true");
        api = new ApiClient("http://127.0.0.1:" + port);
        try {
            if (!api.awaitOk("/api/health", null, Duration.ofSeconds(300))) {
                throw new IllegalStateException("the server was not healthy within 300 s");
            }
            boolean auth = api.login(ADMIN_PASSWORD);
            RunUnderLoad.Setup setup = auth ? RunUnderLoad.start(api, sandbox) : null;
            List<String> paths = new ArrayList<>(List.of("/api/transforms", "/api/connector-types", "/api/health"));
            if (setup != null) {
                RunUnderLoad.awaitRecords(api, setup, Duration.ofSeconds(120));
                paths.addAll(List.of("/api/runs/" + setup.runId(), "/api/projects/" + setup.projectId(),
                        "/api/projects/" + setup.projectId() + "/runs", "/api/connections"));
            }
            ApiLoad.Result paced = ApiLoad.run(api, paths, CLIENTS, PERIOD, Duration.ofSeconds(3), Duration.ofSeconds(15));
            ApiLoad.Result load = ApiLoad.run(api, paths, CLIENTS, null, Duration.ofSeconds(3), Duration.ofSeconds(15));
            String during = setup == null ? "no run (the admin API has no auth/projects yet on this build)"
                    : RunUnderLoad.describe(api, setup);
            report.put("api_p99_ms", paced.p99());
            report.put("api_p50_ms", paced.p50());
            report.put("api_paced_per_s", paced.perSecond());
            report.put("api_get_per_s", load.perSecond());
            report.put("api_closed_loop_p99_ms", load.p99());
            report.put("api_closed_loop_p50_ms", load.p50());
            report.put("api_client_cpu_us", load.clientCpuMicros());
            report.put("api_client_gc_ms", paced.clientGcMillis());
            report.put("api_errors", paced.errors() + load.errors());
            report.put("api_run_in_progress", setup != null && during.contains("RUNNING"));
            report.line(String.format("Admin API, %d clients (each its own keep-alive connection), GET %s, during a "
                    + "Sales → CDS run started through the API, measured once it had read its first records:", CLIENTS, String.join(", ", paths)));
            report.line(String.format("- each client a GET every %d ms (%s requests/s, about twenty times what %d console "
                    + "users send), latency counted from when each request was due, 15 s after 3 s of warm-up: "
                    + "p50 %.1f ms, **p99 %.1f ms** (target ≤ 20 ms), max %.0f ms, %d errors; the load generator's own "
                    + "collections stopped it %d ms in the window", PERIOD.toMillis(), Report.num(paced.perSecond()), CLIENTS,
                    paced.p50(), paced.p99(), paced.max(), paced.errors(), paced.clientGcMillis()));
            report.line("- paced requests slower than 20 ms, by path: " + paced.slowByPath());
            report.line(String.format("- closed loop (each client's next GET as soon as the last is answered: the "
                    + "server's capacity on this machine, shared with the run and the load generator): **%s requests/s**, "
                    + "p50 %.1f ms, p99 %.1f ms (by Little's law %d clients ÷ throughput = %.1f ms on average), max %.0f ms, "
                    + "%d errors; the load generator used %.0f µs of CPU per request", Report.num(load.perSecond()),
                    load.p50(), load.p99(), CLIENTS, 1000.0 * CLIENTS / load.perSecond(), load.max(), load.errors(),
                    load.clientCpuMicros()));
            report.line("- " + during);
        } finally {
            stop(server);
            sandbox.close();
        }
    }

    private static Process start(Path dist, Path dir, int port, List<String> extra) throws IOException {
        return start(dist, dir, port, extra, null);
    }

    /** @param javaOption a JVM option for the server (the sandbox on loopback over plain http), or {@code null} */
    private static Process start(Path dist, Path dir, int port, List<String> extra, String javaOption) throws IOException {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of(dist.resolve("bin").resolve("ferry-server").toString(),
                "--port", String.valueOf(port), "--data", dir.resolve("data").toString(),
                "--deploy", dir.resolve("deploy").toString(), "--conf", dir.resolve("conf").toString()));
        cmd.addAll(extra);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("console.out").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("FERRY_ADMIN_PASSWORD", ADMIN_PASSWORD);
        pb.environment().put("FERRY_SANDBOX_SECRET", SANDBOX_SECRET);
        if (javaOption != null) {
            pb.environment().merge("FERRY_JAVA_OPTS", javaOption, (given, added) -> given + " " + added);
        }
        return pb.start();
    }

    private static void stop(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(40, TimeUnit.SECONDS)) {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
