package org.ferry.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a scenario's CPU time goes, from JFR execution samples (every 10 ms per running thread) taken in
 * this JVM. Each sample is charged to one activity: the first frame, from the top of the stack, whose
 * class names a known library or Ferry component. Ordering matters: a Derby frame under the engine's hash
 * store is "Derby", but the Ferry frame above it tells whose SQL it was, so the label keeps both.
 */
public final class SampledProfile implements AutoCloseable {
    /** Library frames, checked first: what kind of work the CPU did. */
    private static final String[][] WORK = {
        {"org.apache.derby.", "Derby SQL"},
        {"com.fasterxml.jackson.", "JSON"},
        {"java.net.http.", "HTTP client"}, {"jdk.internal.net.http.", "HTTP client"}, {"sun.nio.ch.", "socket I/O"},
        {"sun.security.", "crypto/TLS"}, {"java.security.", "crypto (hashes)"}, {"sun.security.provider.", "crypto (hashes)"},
        {"java.math.", "decimals"}, {"java.util.regex.", "regex"},
    };
    /** Ferry frames: who asked for the work. */
    private static final String[][] OWNER = {
        {"org.ferry.runtime.internal.run.RecordHashes", "engine hash/checkpoint store"},
        {"org.ferry.runtime.internal.run.Checkpoints", "engine hash/checkpoint store"},
        {"org.ferry.runtime.internal.run.RecordHash", "engine record hash"},
        {"org.ferry.runtime.internal.run.RunErrors", "engine error log"},
        {"org.ferry.runtime.internal.run.RunStore", "engine run store"},
        {"org.ferry.runtime.internal.run.BusinessKeyWriter", "engine leg writer"},
        {"org.ferry.runtime.internal.run.KeyMapWriter", "engine leg writer"},
        {"org.ferry.runtime.internal.run.HashWriteBehind", "engine hash write-behind"},
        {"org.ferry.runtime.internal.mapping.", "engine mapping"},
        {"org.ferry.transforms.", "transforms"},
        {"org.ferry.runtime.", "engine"},
        {"org.ferry.connectors.cds.internal.read.", "CDS reader"},
        {"org.ferry.connectors.cds.", "CDS writer"},
        {"org.ferry.connectors.sales.internal.DataverseReader", "Sales reader"},
        {"org.ferry.connectors.sales.", "Sales connector"},
        {"org.ferry.connectors.operations.internal.FinOpsReader", "Operations reader"},
        {"org.ferry.connectors.operations.", "Operations connector"},
        {"org.ferry.connectors.common.", "HTTP connector common"},
        {"org.ferry.benchmarks.", "benchmark source"},
        {"org.ferry.api.", "records (API)"},
    };

    private final Recording recording = new Recording();
    private final Path file;

    private SampledProfile(Path file, Duration period) {
        this.file = file;
        recording.enable("jdk.ExecutionSample").withPeriod(period);
        if (Boolean.getBoolean("ferry.bench.waits")) {
            // where a thread waits rather than runs (execution samples show only running Java code): parks and
            // monitors over 1 ms, Derby's log writes (synchronous), GC, JIT compilations, and each thread's CPU load
            recording.enable("jdk.ThreadPark").withThreshold(Duration.ofMillis(1)).withStackTrace();
            recording.enable("jdk.JavaMonitorEnter").withThreshold(Duration.ofMillis(1)).withStackTrace();
            recording.enable("jdk.FileWrite").withThreshold(Duration.ofMillis(1)).withStackTrace();
            // every read: Derby reads a page it does not hold in its cache, and a run that updates rows spread over a
            // large table reads many, each too short for a threshold and invisible to execution samples (native)
            recording.enable("jdk.FileRead").withThreshold(Duration.ZERO).withStackTrace();
            recording.enable("jdk.FileForce").withThreshold(Duration.ZERO).withStackTrace();
            recording.enable("jdk.GarbageCollection");
            recording.enable("jdk.Compilation").withThreshold(Duration.ZERO);
            recording.enable("jdk.ThreadCPULoad").withPeriod(Duration.ofMillis(500));
            recording.enable("jdk.CPULoad").withPeriod(Duration.ofMillis(500));
        }
        recording.start();
    }

    /** Starts sampling; {@link #stop()} returns the shares. */
    public static SampledProfile start(Path dir, String name) throws IOException {
        return start(dir, name, Duration.ofMillis(10));
    }

    /** Starts sampling every {@code period} per running thread: 1 ms for a run too short for 10 ms to say much. */
    public static SampledProfile start(Path dir, String name, Duration period) throws IOException {
        Files.createDirectories(dir);
        return new SampledProfile(dir.resolve(name + ".jfr"), period);
    }

    /** @return activity label → share of the samples (0..1), largest first; at most {@code top} entries plus "other" */
    public Map<String, Double> stop(int top) throws IOException {
        recording.stop();
        recording.dump(file);
        Map<String, Integer> counts = new TreeMap<>();
        int total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            counts.merge(label(e.getStackTrace()), 1, Integer::sum);
            total++;
        }
        Map<String, Double> shares = new LinkedHashMap<>();
        if (total == 0) {
            return shares;
        }
        List<Map.Entry<String, Integer>> sorted = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).toList();
        double rest = 0;
        for (int i = 0; i < sorted.size(); i++) {
            double share = sorted.get(i).getValue() / (double) total;
            if (i < top) {
                shares.put(sorted.get(i).getKey(), share);
            } else {
                rest += share;
            }
        }
        if (rest > 0) {
            shares.merge("other", rest, Double::sum);
        }
        shares.put("(samples)", (double) total);
        return shares;
    }

    static String label(RecordedStackTrace stack) {
        if (stack == null) {
            return "unknown";
        }
        String work = null;
        String owner = null;
        for (RecordedFrame f : stack.getFrames()) {
            if (!f.isJavaFrame() || f.getMethod() == null) {
                continue;
            }
            String cls = f.getMethod().getType().getName();
            if (work == null) {
                work = match(WORK, cls);
            }
            if (owner == null) {
                owner = match(OWNER, cls);
            }
            if (owner != null) {
                break;
            }
        }
        if (owner == null) {
            return work == null ? "JDK/other" : work;
        }
        return work == null ? owner : owner + " → " + work;
    }

    private static String match(String[][] rules, String cls) {
        for (String[] r : rules) {
            if (cls.startsWith(r[0])) {
                return r[1];
            }
        }
        return null;
    }

    @Override
    public void close() {
        recording.close();
    }
}
