package org.ferry.console;

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

/**
 * The assembled distribution started as a child process, the way an admin starts it: its own data,
 * deploy and conf folders, the sandbox, and the first admin's password from the environment.
 */
final class FerryProcess implements AutoCloseable {
    static final String ADMIN_PASSWORD = "console-e2e-Secret-1";

    private final Process process;
    private final int port;
    private final Path log;

    private FerryProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static FerryProcess start(Path distribution, Path work) throws IOException, InterruptedException {
        int port = freePort();
        Path data = Files.createDirectories(work.resolve("data"));
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        Path conf = Files.createDirectories(work.resolve("conf"));
        Path log = work.resolve("server.out");
        ProcessBuilder builder = new ProcessBuilder(List.of(distribution.resolve("bin/ferry-server").toString(),
                "--port", String.valueOf(port), "--data", data.toString(), "--deploy", deploy.toString(),
                "--conf", conf.toString(), "--sandbox"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("FERRY_ADMIN_PASSWORD", ADMIN_PASSWORD);
        // the JVM running the tests is a JDK 21+ (the build enforces it); the server uses the same
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        FerryProcess ferry = new FerryProcess(builder.start(), port, log);
        ferry.awaitHealthy(Duration.ofSeconds(90));
        return ferry;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("ferry-server exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException("ferry-server did not become healthy in " + timeout + ":\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        // the script execs java, so the process is the JVM itself: SIGTERM runs its shutdown hook
        process.toHandle().descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
