package org.ferry.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command as a user would in a terminal-less shell (output to a pipe, not a terminal), with the JDK of
 * the test unless told otherwise, and keeps what it printed. A command still running after its time is
 * killed, with its children, and reported as such.
 */
final class Shell {
    /** What a command did: its exit status and everything it printed (standard output and error together). */
    record Result(int status, String output) {
        List<String> lines() {
            return output.lines().toList();
        }
    }

    private Shell() {
    }

    static Result run(Path dir, Duration limit, Map<String, String> env, String... command)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("ferry-shell", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().remove("MAVEN_OPTS");
            env.forEach((k, v) -> {
                if (v == null) {
                    pb.environment().remove(k);
                } else {
                    pb.environment().put(k, v);
                }
            });
            Process process = pb.start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
                family.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " still ran after " + limit.toSeconds() + " s; it printed:\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
