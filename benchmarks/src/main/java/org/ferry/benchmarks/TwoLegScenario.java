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
    /** The most accounts a warm-up round reads: the measured sandbox's up to this many, else a sandbox of its own. */
    private static final int WARM_UP = 100_000;
    /** Warm-up rounds ({@code -Dferry.bench.twoleg.warmup.rounds}). */
    private static final int WARM_UP_ROUNDS = Integer.getInteger("ferry.bench.twoleg.warmup.rounds", 3);
    /**
     * The warm-up's incremental runs change every 10th account, ten times the measured runs' share: with 1 % per round,
     * the update paths (Derby's UPDATE, the hub's changed-field updates) were still being compiled by C2 during the
     * measured incremental run, one core busy compiling for most of its 0.4 s.
     */
    private static final int WARM_UP_CHANGE_EVERY = 10;

    private TwoLegScenario() {
    }

    static void run(Path dir, int n, Report report) throws Exception {
        report.section("3. Two legs over HTTP: Sales sandbox → CDS hub → Operations sandbox");
        boolean warm = !Boolean.getBoolean("ferry.bench.twoleg.cold");
        try (SandboxProcess sandbox = SandboxProcess.startWarm(n, warm && n <= WARM_UP ? n : 0);
             SandboxProcess own = warm && n > WARM_UP ? SandboxProcess.start(WARM_UP) : null) {
            report.line(String.format("Sandbox (separate JVM) up with %,d generated accounts in %.1f s", n, sandbox.startSeconds));
            CdsConnectorFactory cds = new CdsConnectorFactory(dir.resolve("data"));
            TimedConnection.Clock sales = new TimedConnection.Clock();
            TimedConnection.Clock hub = new TimedConnection.Clock();
            TimedConnection.Clock ops = new TimedConnection.Clock();
            Projects.Endpoints warmUpAt = own != null ? own.endpoints() : sandbox.endpoints();
            try (EngineHarness engine = Projects.twoLegs(dir, cds, sandbox.endpoints(), warm ? warmUpAt : null, sales, hub,
                    ops, null)) {
                if (warm) {
                    int accounts = Math.min(n, WARM_UP);
                    WarmUp w = warmUp(engine, cds, warmUpAt, accounts);
                    report.line(String.format("Warmed up first (%d %s, %.1f s): in each round a project of its own ran the "
                            + "same two legs on the same server, %,d accounts of %s into a hub organization of its own and "
                            + "the legal entity DEMF, then an incremental run after %d %% changed; their records stay in "
                            + "the hub and in Ferry's store, as other projects' do on a server. The JIT compilers' time in "
                            + "each round's full run, as a share of the run's: %s", w.compileShares().size(),
                            w.compileShares().size() == 1 ? "round" : "rounds", w.seconds(), accounts,
                            own != null ? "a sandbox of their own" : "this sandbox", 100 / WARM_UP_CHANGE_EVERY,
                            w.compileShares().stream().map(Report::pct).toList()));
                    for (TimedConnection.Clock clock : List.of(sales, hub, ops)) {
                        clock.reset();
                    }
                }
                double cpu0 = sandbox.cpuSeconds();
                long ferryCpu0 = Machine.processCpu();
                long gc0 = Machine.gcMillis();
                long jit0 = Machine.compileMillis();
                SampledProfile profile = SampledProfile.start(report.dir(), "two-leg");
                long t0 = System.nanoTime();
                RunInfo full = engine.run(Projects.PROJECT, "incremental", Duration.ofHours(6));
                double seconds = (System.nanoTime() - t0) / 1e9;
                double ferryCpu = (Machine.processCpu() - ferryCpu0) / 1e9;
                double gcSeconds = (Machine.gcMillis() - gc0) / 1e3;
                double jitSeconds = (Machine.compileMillis() - jit0) / 1e3;
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
                double firstLeg = sales.legSecondsTo(hub);
                double secondLeg = hub.legSecondsTo(ops);
                report.put("two_leg_first_leg_s", firstLeg);
                report.put("two_leg_second_leg_s", secondLeg);
                report.line(String.format("Time split (wall %.1f s; legs run one after the other, each overlapping its reads "
                        + "with its writes): the first leg %.1f s from its first read to its last write, the second %.1f s; "
                        + "Sales reads %.1f s (%,d pages), CDS upserts %.1f s, CDS reads %.1f s, "
                        + "Operations upserts %.1f s (%,d calls); the sandbox JVM used %.1f CPU-s of the machine's %d cores "
                        + "(%.0f %% of one core over the run)", seconds, firstLeg, secondLeg, sales.readSeconds(),
                        sales.pages(), hub.writeSeconds(), hub.readSeconds(), ops.writeSeconds(), ops.writes(), sandboxCpu,
                        Runtime.getRuntime().availableProcessors(), 100 * sandboxCpu / seconds));
                report.put("two_leg_ferry_cpu_s", ferryCpu);
                report.put("two_leg_gc_s", gcSeconds);
                report.put("two_leg_jit_s", jitSeconds);
                report.line(String.format("Ferry's JVM (the harness: engine, connectors, hub) used %.1f CPU-s, %.1f s of it in"
                        + " collections and %.1f s in the JIT compilers; with the sandbox's, %.0f %% of the machine's %d cores "
                        + "over the run", ferryCpu, gcSeconds, jitSeconds,
                        100 * (ferryCpu + sandboxCpu) / (seconds * Runtime.getRuntime().availableProcessors()),
                        Runtime.getRuntime().availableProcessors()));
                report.profile("Two-leg profile (Ferry's JVM only; the sandbox's CPU is the figure above)", shares);

                report.section("4. Incremental: the run after 1 % of the Sales accounts changed");
                int changed = change(dir, cds, sandbox.endpoints(), "ORG001", 100, "Renamed ");
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
                change(dir, cds, sandbox.endpoints(), "ORG001", 100, "Renamed again ");
                Timed timedAgain = incremental(engine, sales, hub, ops);
                RunInfo again = timedAgain.run();
                double againSeconds = timedAgain.seconds();
                report.put("incremental_second_fraction", againSeconds / seconds);
                report.line(String.format("The same 1 %% renamed once more: the run (%s) took %.2f s = **%s of the full run**; "
                        + "before the warm-up changed %d %% in each of its rounds, the first incremental run was also the one "
                        + "that compiled the update paths, which the full runs (all inserts) never use. Time split: Sales "
                        + "reads %.2f s, CDS upserts %.2f s, CDS reads %.2f s, Operations upserts %.2f s", again.status(),
                        againSeconds, Report.pct(againSeconds / seconds), 100 / WARM_UP_CHANGE_EVERY, sales.readSeconds(),
                        hub.writeSeconds(), hub.readSeconds(), ops.writeSeconds()));
            } finally {
                cds.deactivate();
            }
        }
    }

    /** The warm-up's seconds, and the JIT compilers' share of each round's full run. */
    private record WarmUp(double seconds, List<Double> compileShares) {
    }

    /**
     * Runs, in rounds, a project of the round's own through both legs, then an incremental run after a change, on the
     * server the measured project runs on: the same engine and store, the same hub environment, the same connector
     * factories, and the measured sandbox unless it holds more than {@value #WARM_UP} accounts (then a sandbox of that
     * many of their own). Each round's project writes to a hub organization of its own (so the hub's writes are
     * inserts, as the measured run's are) and to the legal entity DEMF (the measured run writes USMF); its records
     * stay, as other projects' do on a server.
     *
     * <p>Why the measured server: a server runs warm, and the measured run should meet compiled code. Measured cold,
     * the compilers took 3-4 of Ferry's 17-19 CPU-s on this machine's two cores. Warmed in rounds on a server and a
     * sandbox of their own (eighteenth session), the measured run still spent 2-4 CPU-s in the compilers, on the code
     * Derby generates for each new database's statements, and its new sandbox JVM spent about half of its 8-10 CPU-s
     * compiling its request paths on the same two cores; on the measured server the sandbox uses about 5 CPU-s and
     * Ferry's compilers 1-3. In rounds, as a microbenchmark harness warms up in iterations: after one round the warm-up's
     * incremental run had deoptimized code its full run compiled on a profile of inserts only (the business-key writer,
     * the hash write-behind, Derby's insert), and methods still at C1's profiling tier crossed into C2 only in the
     * measured run. The report gives the compilers' share of each round's full run. {@code -Dferry.bench.twoleg.cold=true}
     * skips the warm-up; {@code -Dferry.bench.twoleg.warmup.rounds=1} gives one round.
     */
    private static WarmUp warmUp(EngineHarness engine, CdsConnectorFactory cds, Projects.Endpoints sandbox, int n)
            throws Exception {
        long t0 = System.nanoTime();
        List<Double> shares = new ArrayList<>();
        for (int round = 1; round <= WARM_UP_ROUNDS; round++) {
            shares.add(warmUpRound(engine, cds, sandbox, round, n));
        }
        return new WarmUp((System.nanoTime() - t0) / 1e9, shares);
    }

    /** @return the JIT compilers' time during the round's full run, as a share of the run's wall time */
    private static double warmUpRound(EngineHarness engine, CdsConnectorFactory cds, Projects.Endpoints sandbox, int round,
                                      int n) throws Exception {
        String project = Projects.addWarmUpProject(engine, cds, round);
        long jit0 = Machine.compileMillis();
        long t0 = System.nanoTime();
        HubLegScenario.check(engine.run(project, "incremental", Duration.ofHours(1)), n);
        double share = (Machine.compileMillis() - jit0) / ((System.nanoTime() - t0) / 1e6);
        change(engine.dir(), cds, sandbox, Projects.warmUpOrganization(round), WARM_UP_CHANGE_EVERY, "Warmed ");
        RunInfo inc = engine.run(project, "incremental", Duration.ofHours(1));
        if (inc.status() != org.ferry.runtime.management.RunStatus.COMPLETED) {
            throw new IllegalStateException("the warm-up's incremental run ended " + inc.status() + ": " + inc.message());
        }
        return share;
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

    /**
     * Renames every {@code every}th account in Sales to {@code prefix} + its key (keys taken from the hub, which holds
     * them all after the full run).
     *
     * @return how many were renamed
     */
    private static int change(Path dir, CdsConnectorFactory cds, Projects.Endpoints sandbox, String organization, int every,
                              String prefix) {
        List<String> keys = new ArrayList<>();
        try (Connection hub = Projects.hub(cds, dir); RecordReader r = hub.read(new ReadRequest("Account",
                List.of("AccountId"), new OrganizationUnit(organization, organization, OrganizationUnit.Kind.ORGANIZATION, null),
                null, null, 5000))) {
            int i = 0;
            for (List<EntityRecord> page; (page = r.nextPage()) != null; ) {
                for (EntityRecord rec : page) {
                    if (i++ % every == 0) {
                        keys.add(rec.get("AccountId").asText());
                    }
                }
            }
        }
        try (Connection sales = Projects.sales(dir, sandbox)) {
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
