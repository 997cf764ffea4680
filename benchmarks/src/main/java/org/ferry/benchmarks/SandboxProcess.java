package org.ferry.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** A sandbox child JVM (see {@link SandboxMain}) and the addresses it serves. */
public final class SandboxProcess implements AutoCloseable {
    final String salesUrl;
    final String operationsUrl;
    final String tokenUrl;
    final String secret;
    final double startSeconds;
    private final Process process;

    private SandboxProcess(Process process, String[] line, double startSeconds) {
        this.process = process;
        this.salesUrl = line[1];
        this.operationsUrl = line[2];
        this.tokenUrl = line[3];
        this.secret = line[4];
        this.startSeconds = startSeconds;
    }

    /** @return where it serves */
    Projects.Endpoints endpoints() {
        return new Projects.Endpoints(salesUrl, operationsUrl, tokenUrl, secret);
    }

    /** Starts a sandbox with {@code accounts} generated Sales accounts and waits until it serves. */
    public static SandboxProcess start(int accounts) throws IOException {
        return start(heapMb(accounts), String.valueOf(accounts));
    }

    /**
     * As {@link #start(int)}, and warmed up before it reports ready: the requests of a two-leg run sent to it from its
     * own JVM, on other data ({@link SandboxWarmUp}), as a real service is warm when a run begins.
     */
    public static SandboxProcess startWarm(int accounts) throws IOException {
        return startWarm(accounts, 0);
    }

    /**
     * As {@link #startWarm(int)}, for a sandbox that also serves a warm-up of {@code warmUpAccounts} accounts before the
     * measured run: those projects' records stay in it, so its heap is a second sandbox's larger. Sized for the
     * measured run alone, the sandbox of the two-leg scenario filled its old generation during the measured run's second
     * leg (a full collection of 0.75-0.84 s in each of four runs, young pauses every half second), stalling the
     * Operations calls it answered: the test double's collections, not Ferry's work.
     */
    public static SandboxProcess startWarm(int accounts, int warmUpAccounts) throws IOException {
        long heap = heapMb(accounts) + (warmUpAccounts > 0 ? heapMb(warmUpAccounts) : 0);
        if (Boolean.getBoolean("ferry.bench.sandbox.cold")) { // to compare with the sandbox as it was measured before
            return start(heap, String.valueOf(accounts));
        }
        return start(heap, String.valueOf(accounts), "warm");
    }

    /** 1 KB per generated account on each side is plenty; the F&amp;O side fills up as the run writes. */
    private static long heapMb(int accounts) {
        return Math.max(512, 512 + accounts / 250L);
    }

    /** Starts a sandbox with these options ({@code key=value}, as {@code SandboxOptions.fromMap} takes them). */
    public static SandboxProcess start(long heapMb, String... options) throws IOException {
        long t0 = System.nanoTime();
        List<String> args = new java.util.ArrayList<>(List.of(options));
        List<String> jvm = new java.util.ArrayList<>(List.of("-Xmx" + heapMb + "m", "-XX:+UseParallelGC"));
        // e.g. -Dferry.bench.sandbox.jvm=-XX:StartFlightRecording=filename=sandbox.jfr, to see what the emulated services cost
        String extra = System.getProperty("ferry.bench.sandbox.jvm", "").strip();
        if (!extra.isEmpty()) {
            jvm.addAll(List.of(extra.split("\\s+")));
        }
        Process p = new ProcessBuilder(ChildJvm.command(jvm,
                SandboxMain.class, args.toArray(String[]::new))).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("SANDBOX ")) {
                return new SandboxProcess(p, line.split(" "), (System.nanoTime() - t0) / 1e9);
            }
        }
        throw new IOException("the sandbox exited before serving (exit " + waitFor(p) + ")");
    }

    /** @return CPU seconds the sandbox JVM used so far, to show what the emulated services cost this machine */
    public double cpuSeconds() {
        return process.info().totalCpuDuration().map(Duration::toMillis).orElse(0L) / 1000.0;
    }

    private static int waitFor(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroy();
                process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
