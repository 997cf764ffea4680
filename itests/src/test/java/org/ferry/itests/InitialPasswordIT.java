package org.ferry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

/**
 * Finding 7 of issue 20, second half: the generated initial admin password is shown once on the console and
 * kept in its owner-only file, and never written to {@code data/logs/ferry.log}. A real server process from the
 * assembled distribution, started as an operator would, without {@code FERRY_ADMIN_PASSWORD}.
 */
public class InitialPasswordIT {
    private static final Duration READY = Duration.ofSeconds(120);

    @Test
    public void theGeneratedPasswordIsOnTheConsoleAndInItsFileButNotInTheLog() throws Exception {
        Path dist = Path.of(System.getProperty("ferry.dist")).toAbsolutePath().normalize();
        Path home = Path.of(System.getProperty("ferry.work")).resolve("initial-password-" + UUID.randomUUID());
        Path data = home.resolve("data");
        Files.createDirectories(home);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path console = home.resolve("console.out");
        ProcessBuilder pb = new ProcessBuilder(List.of(dist.resolve("bin/ferry-server").toString(), "--port",
                Integer.toString(port), "--data", data.toString(), "--deploy", home.resolve("deploy").toString(),
                "--conf", home.resolve("conf").toString()));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("FERRY_ADMIN_PASSWORD");
        pb.redirectErrorStream(true);
        pb.redirectOutput(console.toFile());
        Process server = pb.start();
        try {
            String api = "http://127.0.0.1:" + port + "/api";
            awaitHealth(server, api, console);
            Path file = data.resolve("initial-admin-password");
            assertTrue("the password file exists", Files.exists(file));
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(file));
            String password = Files.readString(file).trim();
            assertTrue(password.length() >= 12);

            assertTrue("the console shows it", Files.readString(console).contains(password));
            // the log (Logback) and the copy of the console streams (Felix, java.util.logging)
            for (String name : List.of("ferry.log", "console.log")) {
                Path log = data.resolve("logs").resolve(name);
                String logged = Files.readString(log, StandardCharsets.UTF_8);
                assertFalse(name + " is being written", logged.isBlank());
                assertFalse(name + " holds the password", logged.contains(password));
                assertEquals(name + " is the owner's only", Set.of(PosixFilePermission.OWNER_READ,
                        PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(log));
            }
            assertEquals("the logs folder is the owner's only", PosixFilePermissions.fromString("rwx------"),
                    Files.getPosixFilePermissions(data.resolve("logs")));

            HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + "/auth/token"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"username\": \"admin\", \"password\": \"" + password + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(login.body(), 200, login.statusCode());
        } finally {
            server.destroy();
            if (!server.waitFor(40, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private static void awaitHealth(Process server, String api, Path console) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("the server exited with " + server.exitValue() + ": " + Files.readString(console));
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(api + "/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"status\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the server did not become healthy within " + READY.toSeconds() + " s");
    }
}
