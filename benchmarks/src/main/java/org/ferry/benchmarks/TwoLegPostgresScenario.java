package org.ferry.benchmarks;

import java.nio.file.Path;
import java.time.Duration;

import org.ferry.connectors.cds.internal.CdsConnectorFactory;
import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.management.RunInfo;
import org.ferry.runtime.management.RunLegInfo;
import org.ferry.runtime.testing.EngineHarness;
import org.ferry.store.StoreSettings;
import org.ferry.testing.PostgresServer;

/**
 * (3pg) The two-leg run of (3) with Ferry's store and the CDS hub on a throwaway PostgreSQL server on this machine,
 * as a cluster's node runs it, beside (3) on embedded Derby: {@code two_leg_pg_rows_per_s} and, when (3) ran in the
 * same invocation, {@code two_leg_pg_ratio} (PostgreSQL over Derby).
 */
final class TwoLegPostgresScenario {
    private TwoLegPostgresScenario() {
    }

    static void run(Path dir, int n, Report report) throws Exception {
        report.section("3pg. Two legs over HTTP, Ferry's store and the CDS hub on PostgreSQL");
        try (PostgresServer pg = PostgresServer.start(); SandboxProcess sandbox = SandboxProcess.startWarm(n)) {
            pg.createDatabase("ferry");
            StoreSettings store = StoreSettings.parse(pg.storeUrl("ferry"), System::getenv);
            CdsConnectorFactory cds = new CdsConnectorFactory(dir.resolve("data"), store);
            TimedConnection.Clock sales = new TimedConnection.Clock();
            TimedConnection.Clock hub = new TimedConnection.Clock();
            TimedConnection.Clock ops = new TimedConnection.Clock();
            try (EngineHarness engine = Projects.twoLegs(dir, cds, sandbox.endpoints(), null, sales, hub, ops,
                    (data, conf) -> new Database(data, conf, store, "ferry-bench"))) {
                long t0 = System.nanoTime();
                RunInfo full = engine.run(Projects.PROJECT, "incremental", Duration.ofHours(6));
                double seconds = (System.nanoTime() - t0) / 1e9;
                HubLegScenario.check(full, n);
                RunLegInfo second = full.tasks().get(0).legs().get(1);
                double rate = n / seconds;
                report.put("two_leg_pg_rows_per_s", rate);
                report.put("two_leg_pg_seconds", seconds);
                report.line(String.format("%,d accounts through both legs (%,d to Operations) in %.1f s: **%s records/s**"
                        + " with the store and the hub on PostgreSQL (a server on this machine at port %s, sharing its cores)",
                        n, second.inserted() + second.updated(), seconds, Report.num(rate), pg.port()));
                report.line(String.format("Time split: Sales reads %.1f s, CDS upserts %.1f s, CDS reads %.1f s, Operations"
                        + " upserts %.1f s", sales.readSeconds(), hub.writeSeconds(), hub.readSeconds(), ops.writeSeconds()));
                if (report.get("two_leg_rows_per_s") instanceof Number derby) {
                    double ratio = rate / derby.doubleValue();
                    report.put("two_leg_pg_ratio", ratio);
                    report.line(String.format("Beside (3) on embedded Derby in this run: **%s** of its rate",
                            Report.pct(ratio)));
                }
            } finally {
                // the hub's pool, before its server stops (else its housekeeper logs refused connections)
                cds.deactivate();
            }
        }
    }
}
