package org.ferry.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.ferry.connectors.cds.internal.CdsConnectorFactory;
import org.ferry.runtime.management.RunErrorGroup;
import org.ferry.runtime.management.RunErrorInfo;
import org.ferry.runtime.management.RunInfo;
import org.ferry.runtime.management.RunErrorQuery;
import org.ferry.runtime.management.RunLegInfo;
import org.ferry.runtime.testing.EngineHarness;

/**
 * (7) a run whose every record fails, as the console triages it: the run itself (each failure stored with the record
 * as read and its message's pattern), then grouping, a search by business key and the export read over all its errors.
 */
final class TriageScenario {
    private TriageScenario() {
    }

    static void run(Path dir, int n, Report report) throws Exception {
        report.section("7. Triage: a run whose every record fails");
        CdsConnectorFactory cds = new CdsConnectorFactory(dir.resolve("hub").resolve("data"));
        GeneratedAccounts source = new GeneratedAccounts(n);
        try (EngineHarness engine = Projects.hubLeg(dir.resolve("hub"), cds, source, new TimedConnection.Clock(),
                new TimedConnection.Clock(), true)) {
            SampledProfile profile = SampledProfile.start(report.dir(), "triage");
            long t0 = System.nanoTime();
            RunInfo run = engine.run(Projects.PROJECT, "incremental", Duration.ofHours(3));
            double runSeconds = (System.nanoTime() - t0) / 1e9;
            java.util.Map<String, Double> shares = profile.stop(12);
            profile.close();
            RunLegInfo leg = run.tasks().get(0).legs().get(0);
            if (leg.failed() != n) {
                throw new IllegalStateException("expected " + n + " failures, the run has " + leg.failed() + ": " + run.message());
            }
            double rate = n / runSeconds;
            report.put("triage_failed_rows_per_s", rate);
            Object hub = report.get("hub_rows_per_s");
            report.line(String.format("%,d records, every one failed and kept with the record as read: %.1f s, **%s failed "
                    + "records/s**%s", n, runSeconds, Report.num(rate), hub instanceof Number h
                    ? String.format(" (%s of the hub leg's rate above, where every record is written)", Report.pct(rate / h.doubleValue()))
                    : ""));
            report.profile("Triage run profile", shares);

            long t1 = System.nanoTime();
            List<RunErrorGroup> groups = engine.runs().errorGroups(run.id(), 100);
            double groupSeconds = (System.nanoTime() - t1) / 1e9;
            report.put("triage_groups_seconds", groupSeconds);
            List<RunErrorInfo> page = new ArrayList<>();
            long t2 = System.nanoTime();
            RunErrorQuery byKey = new RunErrorQuery(null, null, null,
                    GeneratedAccounts.number(n / 2).toLowerCase(java.util.Locale.ROOT), null, null);
            page.addAll(engine.runs().errors(run.id(), byKey, 0, 50));
            long found = engine.runs().errorCount(run.id(), byKey);
            double findSeconds = (System.nanoTime() - t2) / 1e9;
            report.put("triage_search_seconds", findSeconds);
            AtomicLong exported = new AtomicLong();
            AtomicLong chars = new AtomicLong();
            long t3 = System.nanoTime();
            engine.runs().eachError(run.id(), RunErrorQuery.all(), e -> {
                exported.incrementAndGet();
                chars.addAndGet(e.source() == null ? 0 : e.source().toString().length());
            });
            double exportSeconds = (System.nanoTime() - t3) / 1e9;
            report.put("triage_export_rows_per_s", exported.get() / exportSeconds);
            report.line(String.format("Grouped into %d group(s) (the largest %,d) in %.2f s; a search by business key found %d in "
                    + "%.2f s (a scan of the run's errors: LIKE in any case); every error read for an export, %,d of them with "
                    + "%,d characters of records, in %.1f s = %s errors/s", groups.size(), groups.isEmpty() ? 0 : groups.get(0).count(),
                    groupSeconds, found, findSeconds, exported.get(), chars.get(), exportSeconds,
                    Report.num(exported.get() / exportSeconds)));
        } finally {
            cds.deactivate();
        }
    }
}
