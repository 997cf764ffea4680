package org.ferry.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** (5) The two-leg run in a JVM of 256 MB heap, against a sandbox in a third JVM. */
final class MemoryScenario {
    private MemoryScenario() {
    }

    static void run(Path dir, int n, Report report) throws Exception {
        report.section(String.format("5. Memory: the two-leg run at N = %,d under -Xmx256m (separate JVM)", n));
        report.put("memory_records", n);
        try (SandboxProcess sandbox = SandboxProcess.start(n)) {
            Process child = new ProcessBuilder(ChildJvm.command(List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"),
                    MemoryMain.class, dir.toString(), sandbox.salesUrl, sandbox.operationsUrl, sandbox.tokenUrl,
                    sandbox.secret, String.valueOf(n))).redirectErrorStream(true).start();
            Map<String, String> result = new HashMap<>();
            StringBuilder tail = new StringBuilder();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("MEMORY ")) {
                        String rest = line.substring(7);
                        int status = rest.indexOf("status=");
                        for (String kv : rest.substring(0, status).trim().split(" ")) {
                            result.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                        }
                        result.put("status", rest.substring(status + 7));
                    } else {
                        tail.append(line).append('\n');
                        if (tail.length() > 4000) {
                            tail.delete(0, tail.length() - 4000);
                        }
                    }
                }
            }
            int exit = child.waitFor();
            boolean completed = "true".equals(result.get("completed"));
            report.put("memory_1m_256m_completed", completed);
            if (result.isEmpty()) {
                report.put("peak_heap_mb", null);
                report.line("The child JVM exited " + exit + " without a result; its last output:");
                report.line("```\n" + tail + "```");
                return;
            }
            double peak = mb(result.get("peak"));
            report.put("peak_heap_mb", peak);
            report.put("peak_heap_pool_sum_mb", mb(result.get("poolPeaks")));
            report.put("live_heap_after_gc_max_mb", mb(result.get("liveAfterGcMax")));
            report.put("memory_run_seconds", Double.parseDouble(result.get("seconds")));
            report.line(String.format("Completed: **%s** (%s) in %s s. Heap used at its highest (sampled every 20 ms): "
                    + "**%.0f MB** of %.0f MB; sum of the heap pools' peaks %.0f MB (upper bound); largest heap left after "
                    + "a full collection (live set; one asked for every 2 s of the run) %.0f MB; %s collections, %s ms in GC.", completed, result.get("status"),
                    result.get("seconds"), peak, mb(result.get("max")), mb(result.get("poolPeaks")),
                    mb(result.get("liveAfterGcMax")), result.get("gcCount"), result.get("gcMillis")));
        }
    }

    private static double mb(String bytes) {
        return bytes == null ? Double.NaN : Long.parseLong(bytes) / 1024.0 / 1024.0;
    }
}
