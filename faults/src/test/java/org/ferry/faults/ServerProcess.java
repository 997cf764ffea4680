package org.ferry.faults;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A Ferry server started from the assembled distribution with {@code bin/ferry-server}, as an operator
 * would, on one data folder that survives restarts. The script {@code exec}s the JVM, so the process
 * handle is the server itself: {@link #kill()} is a real SIGKILL and {@link #terminate()} a real SIGTERM.
 * Every process still alive when the test JVM exits is killed by a shutdown hook, so a failed or aborted
 * test never leaves a server behind.
 */
final class ServerProcess implements AutoCloseable {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final Duration READY = Duration.ofSeconds(180);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "ferry-faults-cleanup"));
    }

    static final String ADMIN_PASSWORD = "faults-admin-" + Long.toHexString(System.nanoTime());

    private final Path dist;
    private final Path home;
    private final int port;
    private Process process;
    private int starts;

    ServerProcess(Path home) throws IOException {
        this.dist = Path.of(System.getProperty("ferry.dist", "../runtime/launcher/target/ferry")).toAbsolutePath().normalize();
        if (!Files.isExecutable(dist.resolve("bin/ferry-server"))) {
            throw new IllegalStateException("no distribution at " + dist + "; build it with mvn verify");
        }
        this.home = home;
        this.port = freePort();
        Files.createDirectories(home);
    }

    String apiUrl() {
        return "http://127.0.0.1:" + port + "/api";
    }

    Path dataDir() {
        return home.resolve("data");
    }

    /** Starts the server and waits until its API answers; returns when it does. */
    void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        starts++;
        ProcessBuilder pb = new ProcessBuilder(List.of(dist.resolve("bin/ferry-server").toString(),
                "--port", Integer.toString(port), "--data", dataDir().toString(), "--deploy", home.resolve("deploy").toString(),
                "--conf", home.resolve("conf").toString()));
        pb.environment().put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        pb.environment().put("FERRY_ADMIN_PASSWORD", ADMIN_PASSWORD);
        // Felix answers framework properties it was not given from the system properties, so -D reaches
        // ConnectionOpener: the sandbox in the test JVM speaks plain http on loopback.
        pb.environment().put("FERRY_JAVA_OPTS", "-Xmx768m -Dferry.allowInsecureLoopback=true");
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("server-console.log").toFile()));
        process = pb.start();
        LIVE.add(process);
        awaitHealth();
    }

    /** SIGKILL: no shutdown hook, no final checkpoint, Derby left to recover its log at the next start. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the server survived SIGKILL for 30 s");
        }
        LIVE.remove(process);
    }

    /**
     * SIGTERM, as systemd or {@code kill} send it.
     *
     * @return how long the process took to exit, or {@code null} if it had not exited after {@code limit}
     *         (it is then killed, so the test can go on)
     */
    Duration terminate(Duration limit) throws InterruptedException {
        long t0 = System.nanoTime();
        process.destroy();
        boolean exited = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        if (!exited) {
            kill();
            return null;
        }
        LIVE.remove(process);
        return took;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    int starts() {
        return starts;
    }

    private void awaitHealth() throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + " while starting; see "
                        + home.resolve("server-console.log"));
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(apiUrl() + "/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                // the admin API answers only once the engine's services are up behind it
                if (r.statusCode() == 200 && r.body().contains("\"status\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the server did not become healthy within " + READY.toSeconds() + " s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * Stops the server if it still runs: gently first, then by force. Interrupted, it kills the server at once and
     * keeps the interrupt, so a try-with-resources never has to handle it.
     */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            try {
                terminate(Duration.ofSeconds(40));
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
