package org.ferry.benchmarks;

/** The targets, reported beside the figures (never asserted: a benchmark informs, it does not fail a build). */
final class Targets {
    private Targets() {
    }

    static void summarize(Report r) {
        r.section("Targets");
        r.line("| figure | measured | target | met |");
        r.line("|---|---:|---:|:---:|");
        row(r, "hub leg / raw JDBC", "hub_ratio", true, 0.70, "≥ 70 %", true);
        row(r, "two legs over HTTP, records/s", "two_leg_rows_per_s", false, 10_000, "≥ 10,000", true);
        row(r, "incremental (1 % changed) / full", "incremental_fraction", true, 0.03, "≤ 3 %", false);
        row(r, "incremental (nothing changed) / full", "incremental_nochange_fraction", true, 0.01, "≤ 1 %", false);
        Object completed = r.get("memory_1m_256m_completed");
        r.line("| two legs under -Xmx256m completes (N = " + r.get("memory_records") + ") | "
                + (completed == null ? "not run" : completed + ", peak heap " + r.get("peak_heap_mb") + " MB")
                + " | completes | " + (completed == null ? "–" : Boolean.TRUE.equals(completed) ? "yes" : "**no**") + " |");
        row(r, "budget utilization, one app user", "budget_utilization_1", true, 0.90, "≥ 90 %", true);
        row(r, "budget: share of requests throttled", "budget_throttled_share", true, 0.01, "≤ 1 %", false);
        row(r, "budget: four app users / one", "budget_scaling_4", false, 3.6, "≥ 3.6", true);
        Object pkg = r.get("fo_package_rps");
        Object odata = r.get("fo_odata_rps");
        if (pkg instanceof Number p && odata instanceof Number o && o.doubleValue() > 0) {
            r.put("fo_package_over_odata", p.doubleValue() / o.doubleValue());
        }
        row(r, "F&O packages / OData, records/s", "fo_package_over_odata", false, 5, "≥ 5", true);
        row(r, "hot deploy, s", "hot_deploy_s", false, 2, "≤ 2", false);
        row(r, "cold start to healthy, s", "cold_start_s", false, 3, "≤ 3", false);
        row(r, "admin API GET p99 during a run (32 clients, one GET each per 50 ms), ms", "api_p99_ms", false, 20, "≤ 20", false);
        r.line("");
        r.line("Load average at start " + ((java.util.Map<?, ?>) r.get("machine")).get("load_average_at_start")
                + ", at end " + r.get("load_average_at_end") + " (1/5/15 min); total " + Report.num(
                        ((Number) r.get("total_seconds")).doubleValue()) + " s.");
    }

    private static void row(Report r, String label, String key, boolean percent, double target, String targetText,
                            boolean atLeast) {
        Object v = r.get(key);
        if (!(v instanceof Number n)) {
            r.line("| " + label + " | " + (v == null ? "not measured" : v) + " | " + targetText + " | – |");
            return;
        }
        double d = n.doubleValue();
        boolean met = atLeast ? d >= target : d <= target;
        r.line("| " + label + " | " + (percent ? Report.pct(d) : Report.num(d)) + " | " + targetText + " | "
                + (met ? "yes" : "**no**") + " |");
    }
}
