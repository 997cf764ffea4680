package org.ferry.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Run at packaging time on the assembled distribution: starts the server once, on a throwaway data folder, and stops
 * it when it is up, so that the JVM writes the class archive {@code bin/ferry-server} names ({@link #ARCHIVE}).
 *
 * <p>Why: every start loaded, parsed and verified the same nine thousand classes again (the JDK's, Felix's and the
 * bundles': Felix defines a bundle's classes from bytes the JVM matches against the archive). With the archive a cold
 * start took about 1 CPU-s (of 8) and 0.6 s less on two cores. {@code bin/ferry-server} runs the JVM with
 * {@code -XX:SharedArchiveFile} and {@code -XX:+AutoCreateSharedArchive}: an archive that is missing, or was written by
 * another JDK or for other jars, is ignored and written anew when that JVM exits. This training start makes the
 * first start of a new build use one. It is not needed for the server to work; when the training fails the build
 * says so and goes on without an archive.
 */
public final class ClassArchiveTraining {
    /** The archive's file, beside the launcher's jar; {@code bin/ferry-server} names the same. */
    static final String ARCHIVE = "lib/ferry-classes.jsa";
    private static final long UP_TIMEOUT_S = 120;
    private static final long STOP_TIMEOUT_S = 120;

    private ClassArchiveTraining() {
    }

    /**
     * @param args the distribution's folder, then a folder for the training server's data (kept between builds: a
     *             start on an existing data folder is as good a training as a first one)
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        Path dist = Path.of(args[0]).toAbsolutePath();
        Path scratch = Path.of(args[1]).toAbsolutePath();
        Path archive = dist.resolve(ARCHIVE);
        Files.deleteIfExists(archive);
        String problem = train(dist, scratch);
        System.out.println(problem == null && Files.isRegularFile(archive)
                ? "class archive written: " + archive + " (" + Files.size(archive) / (1024 * 1024) + " MB)"
                : "WARNING: no class archive for this distribution (" + (problem == null ? "the JVM wrote none"
                        : problem) + "); the server works without one, and its first clean stop writes it");
    }

    /** @return null when the server came up and stopped cleanly, else what went wrong */
    private static String train(Path dist, Path scratch) throws IOException, InterruptedException {
        List<String> cmd = List.of(dist.resolve("bin/ferry-server").toString(),
                "--port", Integer.toString(freePort()), "--data", scratch.resolve("data").toString(),
                "--deploy", scratch.resolve("deploy").toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("FERRY_ADMIN_PASSWORD", UUID.randomUUID().toString());
        pb.environment().remove("FERRY_JAVA_OPTS");
        pb.environment().remove("FERRY_STORE_URL");
        Process server = pb.start();
        AtomicBoolean up = new AtomicBoolean();
        CountDownLatch upOrGone = new CountDownLatch(1);
        Thread.ofPlatform().daemon().name("class-archive-training").start(() -> {
            try (BufferedReader out = server.inputReader(StandardCharsets.UTF_8)) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("Ferry is up at ")) {
                        up.set(true);
                        upOrGone.countDown();
                    }
                }
            } catch (IOException e) {
                // the process is gone: as at the end of its output
            }
            upOrGone.countDown();
        });
        upOrGone.await(UP_TIMEOUT_S, TimeUnit.SECONDS);
        server.destroy(); // SIGTERM: the launcher stops the framework, and the JVM writes the archive as it exits
        if (!server.waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS)) {
            server.destroyForcibly();
            return "the server did not stop within " + STOP_TIMEOUT_S + " s";
        }
        if (!up.get()) {
            return "the server did not come up within " + UP_TIMEOUT_S + " s (exit status " + server.exitValue() + ")";
        }
        return server.exitValue() == 0 || server.exitValue() == 143 ? null : "the server exited with " + server.exitValue();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
