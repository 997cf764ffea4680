package org.ferry.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.RecordReader;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.organization.OrganizationUnit;
import org.ferry.connectors.cds.internal.CdsConnectorFactory;
import org.ferry.runtime.testing.EngineHarness;
import org.ferry.runtime.management.RunInfo;
import org.ferry.runtime.management.RunLegInfo;

/** (3) Sales sandbox → CDS → Operations sandbox over HTTP, and (4) the incremental run after 1% of Sales changed. */
final class TwoLegScenario {
    /** Accounts of the warm-up's own sandbox. */
    private static final int WARM_UP = 100_000;

    private TwoLegScenario() {
    }

    static void run(Path dir, int n, Report report) throws Exception {
        report.section("3. Two legs over HTTP: Sales sandbox → CDS hub → Operations sandbox");
        if (!Boolean.getBoolean("ferry.bench.twoleg.cold")) {
            double warm = warmUp(dir.resolve("warm-up"), Math.min(n, WARM_UP));
            report.line(String.format("Ferry's JVM warmed up first (%.1f s, thrown away): the two legs and an incremental run"
                    + " after 1 %% changed, %,d accounts of a sandbox of their own, into a CDS environment of their own", warm,
                    Math.min(n, WARM_UP)));
        }
        try (SandboxProcess sandbox = SandboxProcess.startWarm(n)) {
            report.line(String.format("Sandbox (separate JVM) up with %,d generated accounts in %.1f s", n, sandbox.startSeconds));
            CdsConnectorFactory cds = new CdsConnectorFactory(dir.resolve("data"));
            TimedConnection.Clock sales = new TimedConnection.Clock();
            TimedConnection.Clock hub = new TimedConnection.Clock();
            TimedConnection.Clock ops = new TimedConnection.Clock();
            try (EngineHarness engine = Projects.twoLegs(dir, cds, sandbox.salesUrl, sandbox.operationsUrl, sandbox.tokenUrl,
                    sandbox.secret, sales, hub, ops)) {
                double cpu0 = sandbox.cpuSeconds();
                long ferryCpu0 = Machine.processCpu();
                long gc0 = Machine.gcMillis();
                SampledProfile profile = SampledProfile.start(report.dir(), "two-leg");
                long t0 = System.nanoTime();
                RunInfo full = engine.run(Projects.PROJECT, "incremental", Duration.ofHours(6));
                double seconds = (System.nanoTime() - t0) / 1e9;
                double ferryCpu = (Machine.processCpu() - ferryCpu0) / 1e9;
                double gcSeconds = (Machine.gcMillis() - gc0) / 1e3;
                Map<String, Double> shares = profile.stop(14);
                profile.close();
                double sandboxCpu = sandbox.cpuSeconds() - cpu0;
                HubLegScenario.check(full, n);
                RunLegInfo second = full.tasks().get(0).legs().get(1);
                double rate = n / seconds;
                report.put("two_leg_rows_per_s", rate);
                report.put("two_leg_seconds", seconds);
                report.line(String.format("%,d accounts through both legs (%,d written to CDS, %,d to Operations) in %.1f s: "
                        + "**%s records/s** end to end (target ≥ 10,000)", n, full.tasks().get(0).legs().get(0).inserted(),
                        second.inserted() + second.updated(), seconds, Report.num(rate)));
                report.line(String.format("Time split (wall %.1f s; legs run one after the other, each overlapping its reads "
                        + "with its writes): Sales reads %.1f s (%,d pages), CDS upserts %.1f s, CDS reads %.1f s, "
                        + "Operations upserts %.1f s (%,d calls); the sandbox JVM used %.1f CPU-s of the machine's %d cores "
                        + "(%.0f %% of one core over the run)", seconds, sales.readSeconds(), sales.pages(),
                        hub.writeSeconds(), hub.readSeconds(), ops.writeSeconds(), ops.writes(), sandboxCpu,
                        Runtime.getRuntime().availableProcessors(), 100 * sandboxCpu / seconds));
                report.put("two_leg_ferry_cpu_s", ferryCpu);
                report.put("two_leg_gc_s", gcSeconds);
                report.line(String.format("Ferry's JVM (the harness: engine, connectors, hub) used %.1f CPU-s, %.1f s of it in"
                        + " collections; with the sandbox's, %.0f %% of the machine's %d cores over the run", ferryCpu,
                        gcSeconds, 100 * (ferryCpu + sandboxCpu) / (seconds * Runtime.getRuntime().availableProcessors()),
                        Runtime.getRuntime().availableProcessors()));
                report.profile("Two-leg profile (Ferry's JVM only; the sandbox's CPU is the figure above)", shares);

                report.section("4. Incremental: the run after 1 % of the Sales accounts changed");
                int changed = changeOnePercent(dir, cds, sandbox, n, "Renamed ");
                // Off by default: sampling every millisecond costs the run it measures a little
                Map<String, Double> incShares = null;
                Timed timedInc;
                try (SampledProfile incProfile = Boolean.getBoolean("ferry.bench.incremental.profile")
                        ? SampledProfile.start(report.dir(), "incremental", Duration.ofMillis(1)) : null) {
                    timedInc = incremental(engine, sales, hub, ops);
                    if (incProfile != null) {
                        incShares = incProfile.stop(20);
                    }
                }
                RunInfo inc = timedInc.run();
                double incSeconds = timedInc.seconds();
                RunLegInfo a = inc.tasks().get(0).legs().get(0);
                RunLegInfo b = inc.tasks().get(0).legs().get(1);
                report.put("incremental_fraction", incSeconds / seconds);
                report.put("incremental_seconds", incSeconds);
                report.line(String.format("%,d accounts changed in Sales. The incremental run (%s) read %,d from Sales "
                        + "(delta link) and %,d from CDS (watermark), wrote %,d + %,d, in %.2f s = **%s of the full run** "
                        + "(target ≤ 3 %%)", changed, inc.status(), a.read(), b.read(), a.updated() + a.inserted(),
                        b.updated() + b.inserted(), incSeconds, Report.pct(incSeconds / seconds)));
                report.line(String.format("Time split: Sales reads %.2f s, CDS upserts %.2f s, CDS reads %.2f s, Operations "
                        + "upserts %.2f s", sales.readSeconds(), hub.writeSeconds(), hub.readSeconds(), ops.writeSeconds()));
                if (incShares != null) {
                    report.profile("Incremental profile (Ferry's JVM, sampled every 1 ms; -Dferry.bench.incremental.profile)",
                            incShares);
                }

                report.section("4b. Nothing changed: the run after the incremental one");
                Timed timedStill = incremental(engine, sales, hub, ops);
                RunInfo still = timedStill.run();
                double stillSeconds = timedStill.seconds();
                RunLegInfo s1 = still.tasks().get(0).legs().get(0);
                RunLegInfo s2 = still.tasks().get(0).legs().get(1);
                report.put("incremental_nochange_fraction", stillSeconds / seconds);
                report.put("incremental_nochange_seconds", stillSeconds);
                report.line(String.format("Nothing changed since: the run (%s) read %,d from Sales and %,d from CDS, wrote "
                        + "%,d + %,d, in %.3f s = **%s of the full run** (target ≤ 1 %%)", still.status(), s1.read(),
                        s2.read(), s1.updated() + s1.inserted(), s2.updated() + s2.inserted(), stillSeconds,
                        Report.pct(stillSeconds / seconds)));
                report.line(String.format("Time split: Sales reads %.3f s (%,d pages), CDS reads %.3f s; the rest (validation,"
                        + " connections, Ferry's store) %.3f s", sales.readSeconds(), sales.pages(), hub.readSeconds(),
                        stillSeconds - sales.readSeconds() - hub.readSeconds()));
                report.section("4c. The same change again: a second incremental run in this JVM");
                changeOnePercent(dir, cds, sandbox, n, "Renamed again ");
                Timed timedAgain = incremental(engine, sales, hub, ops);
                RunInfo again = timedAgain.run();
                double againSeconds = timedAgain.seconds();
                report.put("incremental_second_fraction", againSeconds / seconds);
                report.line(String.format("The same 1 %% renamed once more: the run (%s) took %.2f s = **%s of the full run**; "
                        + "the first incremental run of a JVM also compiles the update paths the full run (all inserts) never "
                        + "used (section 4). Time split: Sales reads %.2f s, CDS upserts %.2f s, CDS reads %.2f s, Operations "
                        + "upserts %.2f s", again.status(), againSeconds, Report.pct(againSeconds / seconds), sales.readSeconds(),
                        hub.writeSeconds(), hub.readSeconds(), ops.writeSeconds()));
            } finally {
                cds.deactivate();
            }
        }
    }

    /**
     * Runs both legs once, then an incremental run after 1 % changed, on a smaller sandbox of their own and into a CDS
     * environment of their own, so the measured runs meet compiled code: measured cold, the compiler threads took 3-4 of
     * Ferry's 17-19 CPU-s on this machine's two cores, most of them in the second leg (the CDS reader and the Operations
     * connector, which the hub leg's scenario does not run) and in the first run of the update paths. A server runs
     * warm; the hub leg's scenario warms up for the same reason. With 50,000 accounts the compiler was still at work
     * in the measured run (Ferry's JVM 14.1-15.6 CPU-s; 12.2-14.6 with 100,000, alternating). {@code
     * -Dferry.bench.twoleg.cold=true} skips it.
     *
     * @return the seconds the warm-up took
     */
    private static double warmUp(Path dir, int n) throws Exception {
        long t0 = System.nanoTime();
        try (SandboxProcess sandbox = SandboxProcess.start(n)) {
            CdsConnectorFactory cds = new CdsConnectorFactory(dir.resolve("data"));
            TimedConnection.Clock unused = new TimedConnection.Clock();
            try (EngineHarness engine = Projects.twoLegs(dir, cds, sandbox.salesUrl, sandbox.operationsUrl, sandbox.tokenUrl,
                    sandbox.secret, unused, unused, unused)) {
                HubLegScenario.check(engine.run(Projects.PROJECT, "incremental", Duration.ofHours(1)), n);
                changeOnePercent(dir, cds, sandbox, n, "Warmed ");
                RunInfo inc = engine.run(Projects.PROJECT, "incremental", Duration.ofHours(1));
                if (inc.status() != org.ferry.runtime.management.RunStatus.COMPLETED) {
                    throw new IllegalStateException("the warm-up's incremental run ended " + inc.status() + ": " + inc.message());
                }
            } finally {
                cds.deactivate();
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** A run and how long it took. */
    private record Timed(RunInfo run, double seconds) {
    }

    /** An incremental run of the project, timed, the connections' clocks reset first so they count only this run. */
    private static Timed incremental(EngineHarness engine, TimedConnection.Clock... clocks) throws InterruptedException {
        for (TimedConnection.Clock clock : clocks) {
            clock.reset();
        }
        long t0 = System.nanoTime();
        RunInfo run = engine.run(Projects.PROJECT, "incremental", Duration.ofHours(1));
        return new Timed(run, (System.nanoTime() - t0) / 1e9);
    }

    /** Renames every 100th account in Sales to {@code prefix} + its key (keys taken from the hub, which holds them all after the full run). */
    private static int changeOnePercent(Path dir, CdsConnectorFactory cds, SandboxProcess sandbox, int n, String prefix) {
        List<String> keys = new ArrayList<>();
        try (Connection hub = Projects.hub(cds, dir); RecordReader r = hub.read(new ReadRequest("Account",
                List.of("AccountId"), new OrganizationUnit("ORG001", "ORG001", OrganizationUnit.Kind.ORGANIZATION, null),
                null, null, 5000))) {
            int i = 0;
            for (List<EntityRecord> page; (page = r.nextPage()) != null; ) {
                for (EntityRecord rec : page) {
                    if (i++ % 100 == 0) {
                        keys.add(rec.get("AccountId").asText());
                    }
                }
            }
        }
        try (Connection sales = Projects.sales(dir, sandbox.salesUrl, sandbox.tokenUrl, sandbox.secret)) {
            int batch = Math.min(100, sales.capabilities().maxBatchSize());
            for (int from = 0; from < keys.size(); from += batch) {
                List<EntityRecord> records = new ArrayList<>();
                for (String key : keys.subList(from, Math.min(keys.size(), from + batch))) {
                    records.add(EntityRecord.builder("account").key(BusinessKey.of("accountnumber", key))
                            .text("name", prefix + key).build());
                }
                for (WriteOutcome o : sales.upsert("account", null, records)) {
                    if (o.status() == WriteOutcome.Status.FAILED) {
                        throw new IllegalStateException("changing Sales account failed: " + o.message());
                    }
                }
            }
        }
        return keys.size();
    }
}
