package org.ferry.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.ferry.connectors.cds.internal.CdsConnectorFactory;
import org.ferry.runtime.testing.EngineHarness;
import org.ferry.runtime.management.RunInfo;
import org.ferry.runtime.management.RunLegInfo;

/** (1) the raw-JDBC baseline and (2) N generated records through the engine into the CDS hub, then 1% changed. */
final class HubLegScenario {
    private static final int WARM_UP = 100_000;
    /** The source has no change tracking, and the leg propagates deletions: every run reads it whole and sweeps. */
    static final boolean FULL_READS = Boolean.getBoolean("ferry.bench.hub.fullreads");

    private HubLegScenario() {
    }

    static void run(Path dir, int n, Report report) throws Exception {
        report.section("1. Baseline: raw JDBC into embedded Derby");
        warmUp(dir.resolve("warm-up"), Math.min(n, WARM_UP));
        JdbcBaseline.Result base = JdbcBaseline.run(dir.resolve("baseline"), n);
        report.put("baseline_before_rows_per_s", base.insertPerSecond());
        report.put("baseline_update_rows_per_s", base.updatePerSecond());
        report.line(String.format("%,d rows, hub Account table shape (%d columns + 3 indexes), batches of %d, one commit "
                + "per batch: INSERT %s rows/s (%.1f s), UPDATE by key %s rows/s (%.1f s)", n,
                org.ferry.connectors.cds.internal.schema.Catalogue.builtIn().get("Account").fields().size() + 3,
                JdbcBaseline.BATCH, Report.num(base.insertPerSecond()), base.insertSeconds(),
                Report.num(base.updatePerSecond()), base.updateSeconds()));

        report.section("2. Hub leg: generated source → engine → CDS hub");
        CdsConnectorFactory cds = new CdsConnectorFactory(dir.resolve("hub").resolve("data"));
        GeneratedAccounts source = new GeneratedAccounts(n, !FULL_READS);
        TimedConnection.Clock read = new TimedConnection.Clock();
        TimedConnection.Clock write = new TimedConnection.Clock();
        try (EngineHarness engine = Projects.hubLeg(dir.resolve("hub"), cds, source, read, write)) {
            openHub(cds, dir.resolve("hub"));
            SampledProfile profile = SampledProfile.start(report.dir(), "hub-leg");
            long t0 = System.nanoTime();
            long legCpu0 = Machine.processCpu();
            RunInfo full = engine.run(Projects.PROJECT, "incremental", Duration.ofHours(3));
            double fullSeconds = (System.nanoTime() - t0) / 1e9;
            double legCpu = (Machine.processCpu() - legCpu0) / 1e9;
            Map<String, Double> shares = profile.stop(12);
            profile.close();
            RunLegInfo leg = check(full, n);
            // the baseline again, right after: other work on the machine moves a 3-second measurement by half, so the
            // ratio is taken against the mean of the two, one on each side of the leg
            JdbcBaseline.Result after = JdbcBaseline.run(dir.resolve("baseline-after"), n);
            double baseCpuMean = (base.insertCpuSeconds() + after.insertCpuSeconds()) / 2;
            report.put("baseline_thread_cpu_s", baseCpuMean);
            report.put("hub_process_cpu_s", legCpu);
            double baseRate = (base.insertPerSecond() + after.insertPerSecond()) / 2;
            report.put("baseline_rows_per_s", baseRate);
            report.put("baseline_after_rows_per_s", after.insertPerSecond());
            double rate = n / fullSeconds;
            report.put("hub_rows_per_s", rate);
            report.put("hub_ratio", rate / baseRate);
            report.line(String.format("%,d records (%,d inserted) in %.1f s: **%s records/s**, **%s of the raw-JDBC insert "
                    + "rate** (target ≥ 70 %%; the baseline's INSERT measured %s rows/s before the leg and %s after, mean %s)",
                    n, leg.inserted(), fullSeconds, Report.num(rate), Report.pct(rate / baseRate),
                    Report.num(base.insertPerSecond()), Report.num(after.insertPerSecond()), Report.num(baseRate)));
            report.line(String.format("Time split (wall %.1f s): CDS upsert calls %.1f s (%.0f %%), source reads %.1f s "
                    + "(reader thread, overlapped), the rest of the run thread (mapping, hashes, Ferry's own store, "
                    + "waiting for pages) %.1f s", fullSeconds, write.writeSeconds(),
                    100 * write.writeSeconds() / fullSeconds, read.readSeconds(), fullSeconds - write.writeSeconds()));
            report.line(String.format("CPU time (what other work on the machine changes least): the leg %.2f s in the "
                    + "whole process (run, reader and hash store threads, GC, JIT), the baseline's INSERT %.2f s on its one "
                    + "thread (mean of the two)", legCpu, baseCpuMean));
            report.profile("Hub leg profile", shares);

            source.change(100);
            read.reset();
            write.reset();
            Map<String, Double> incShares = null;
            long t1 = System.nanoTime();
            RunInfo inc;
            try (SampledProfile incProfile = Boolean.getBoolean("ferry.bench.incremental.profile")
                    ? SampledProfile.start(report.dir(), "hub-incremental", Duration.ofMillis(1)) : null) {
                inc = engine.run(Projects.PROJECT, "incremental", Duration.ofHours(1));
                if (incProfile != null) {
                    incShares = incProfile.stop(20);
                }
            }
            double incSeconds = (System.nanoTime() - t1) / 1e9;
            RunLegInfo incLeg = inc.tasks().get(0).legs().get(0);
            report.put("hub_incremental_fraction", incSeconds / fullSeconds);
            report.line("");
            report.line(String.format("Incremental after 1 %% changed (%,d records): read %,d, updated %,d in %.2f s = %s of "
                    + "the full run", source.changedCount(), incLeg.read(), incLeg.updated(), incSeconds,
                    Report.pct(incSeconds / fullSeconds)));
            if (FULL_READS) {
                report.line("The source has no change tracking (-Dferry.bench.hub.fullreads): every run reads it whole, and"
                        + " the leg, which propagates deletions, marks each record it sees and sweeps the rest");
            }
            if (incShares != null) {
                report.profile("Hub leg's incremental profile (sampled every 1 ms; -Dferry.bench.incremental.profile)",
                        incShares);
            }
        } finally {
            cds.deactivate();
        }
    }

    /**
     * Creates and opens the hub's database before the clock starts, as the baseline's CREATE DATABASE and CREATE TABLE
     * run before its clock: a server's hub is open when a run starts (the factory keeps it open), and creating its
     * 40-odd tables (0.2-0.3 s) is no part of writing records.
     */
    private static void openHub(CdsConnectorFactory cds, Path dir) throws Exception {
        try (org.ferry.api.connector.Connection hub = Projects.hub(cds, dir)) {
            org.ferry.api.connector.TestResult opened = hub.test();
            if (!opened.ok()) {
                throw new IllegalStateException("the hub did not open: " + opened.message());
            }
        }
    }

    /**
     * Both sides once on min(N, {@value #WARM_UP}) records, thrown away: measured cold, Derby's own code ran at a
     * fraction of its speed, and the baseline, measured first, was the colder side (a second baseline right after the
     * leg was half as fast again), so the ratio compared a warm leg with a cold baseline. A server runs warm. Until the
     * ninth session the warm-up was 30,000 records, after which the compiler was still at work during the measured leg
     * (and recompiling what the leg's other threads' profiles changed): with 100,000 the leg's process CPU went from
     * 4.75-5.0 to 3.86-3.9 s and its rate from 32.9-34.8 k to 38.1-39.5 k records/s (two alternating pairs), the
     * baseline, warmed up just as long, unchanged (55-58 k rows/s).
     */
    private static void warmUp(Path dir, int n) throws Exception {
        JdbcBaseline.run(dir.resolve("baseline"), n);
        CdsConnectorFactory cds = new CdsConnectorFactory(dir.resolve("hub").resolve("data"));
        try (EngineHarness engine = Projects.hubLeg(dir.resolve("hub"), cds, new GeneratedAccounts(n, !FULL_READS),
                new TimedConnection.Clock(), new TimedConnection.Clock())) {
            check(engine.run(Projects.PROJECT, "incremental", Duration.ofHours(1)), n);
        } finally {
            cds.deactivate();
        }
    }

    /** @return the run's first leg, after checking the run wrote every record */
    static RunLegInfo check(RunInfo run, int n) {
        if (run.status() != org.ferry.runtime.management.RunStatus.COMPLETED) {
            throw new IllegalStateException("the run ended " + run.status() + ": " + run.message());
        }
        RunLegInfo leg = run.tasks().get(0).legs().get(0);
        if (leg.read() != n) {
            throw new IllegalStateException("the run read " + leg.read() + " records, not " + n);
        }
        return leg;
    }
}
