package org.ferry.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./ferry bench [--records N] [--memory-records M] [--only hub,two-leg,two-leg-pg,memory,budget,server,triage]}: runs every
 * scenario in this order on this machine, then writes {@code <out>/results.json} and {@code <out>/report.md}.
 * Figures are measured, never asserted: a missed target is reported with a profile of where the time went.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        int records = 100_000;
        Integer memoryRecords = null;
        Path out = Path.of("target", "bench");
        List<String> only = new ArrayList<>(List.of("hub", "two-leg", "two-leg-pg", "memory", "budget", "server", "triage"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--records" -> records = Integer.parseInt(args[++i].replace("_", "").replace(",", ""));
                case "--memory-records" -> memoryRecords = Integer.parseInt(args[++i].replace("_", "").replace(",", ""));
                case "--out" -> out = Path.of(args[++i]);
                case "--only" -> only = Arrays.asList(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--records N, --memory-records M, --out DIR, --only hub,two-leg,two-leg-pg,memory,budget,server,triage)");
            }
        }
        int memory = memoryRecords == null ? records : memoryRecords;
        Path work = Files.createTempDirectory("ferry-bench-");
        Report report = new Report(out);
        long started = System.nanoTime();
        report.put("records", records);
        report.put("machine", Machine.describe());
        report.line("# Ferry benchmarks");
        report.line("");
        report.line(String.format(Locale.ROOT, "N = %,d records; memory scenario N = %,d. Machine: %s", records, memory,
                report.get("machine")));
        try {
            if (only.contains("hub")) {
                HubLegScenario.run(work.resolve("hub"), records, report);
                report.write();
            }
            if (only.contains("two-leg")) {
                TwoLegScenario.run(work.resolve("two-leg"), records, report);
                report.write();
            }
            if (only.contains("two-leg-pg")) {
                TwoLegPostgresScenario.run(work.resolve("two-leg-pg"), records, report);
                report.write();
            }
            if (only.contains("memory")) {
                MemoryScenario.run(work.resolve("memory"), memory, report);
                report.write();
            }
            if (only.contains("budget")) {
                BudgetScenario.run(work.resolve("budget"), report);
                report.write();
            }
            if (only.contains("server")) {
                ServerScenario.run(work.resolve("server"), Math.max(records, 400_000), report);
                report.write();
            }
            if (only.contains("triage")) {
                TriageScenario.run(work.resolve("triage"), records, report);
                report.write();
            }
        } finally {
            report.put("load_average_at_end", Machine.loadAverage());
            report.put("total_seconds", (System.nanoTime() - started) / 1e9);
            Targets.summarize(report);
            report.write();
            Cleanup.delete(work);
        }
        System.out.println();
        System.out.println("Written: " + out.toAbsolutePath().resolve("results.json") + " and report.md");
    }
}
