package org.ferry.sandbox;

/**
 * How long the emulated services take to run a request: the server execution time that Dataverse's
 * service-protection limits count, and that F&amp;O spends on OData writes and package imports. Neither service
 * publishes per-operation figures; these defaults are the sandbox's plain choice, in proportion to what
 * is known: a bulk record costs a quarter of a record written on its own (the documentation calls bulk messages
 * "the best performance"), reads are cheap per row, F&amp;O's package imports are set-based. The sandbox README
 * lists them. The defaults are lighter than {@link #PUBLISHED}, which reproduces that measurement, so that tests
 * over the sandbox stay quick while still paying for what they send.
 *
 * @param scale            multiplies every cost; 0 turns server time off (tests and benchmarks of Ferry itself)
 * @param requestMs        every Dataverse or F&amp;O data request, whatever it does (routing, authentication)
 * @param writeMs          one Dataverse create, update or delete sent as its own request or as a {@code $batch} part
 * @param bulkRecordMs     one record of a {@code CreateMultiple}, {@code UpdateMultiple} or {@code UpsertMultiple}
 * @param readRowMs        one Dataverse row returned by a read
 * @param customLogicMs    synchronous custom business logic (plug-ins) run on each Dataverse record written, skipped
 *                         when the request bypasses custom logic ({@code MSCRM.BypassBusinessLogicExecution})
 * @param operationsWriteMs one F&amp;O OData create, update or delete (a {@code $batch} runs its parts one by one)
 * @param packageRecordMs  one record of an F&amp;O data package import (set-based)
 * @param packageJobMs     the fixed time of one F&amp;O package import job (staging, the batch framework)
 */
public record ServerCosts(double scale, double requestMs, double writeMs, double bulkRecordMs, double readRowMs,
                          double customLogicMs, double operationsWriteMs, double packageRecordMs, double packageJobMs) {
    /** The documented defaults (sandbox README). */
    public static final ServerCosts DEFAULT = new ServerCosts(1, 5, 20, 5, 0.02, 0, 5, 0.05, 500);

    /**
     * Costs that reproduce the published measurement (about 200 records/s for one application user with
     * {@code UpsertMultiple} at the hinted parallelism, reference §3): 20 ms a bulk record. The budget benchmark
     * uses them.
     */
    public static final ServerCosts PUBLISHED = new ServerCosts(1, 10, 50, 20, 0.05, 0, 10, 0.1, 1000);

    public ServerCosts {
        for (double v : new double[] {scale, requestMs, writeMs, bulkRecordMs, readRowMs, customLogicMs, operationsWriteMs,
                packageRecordMs, packageJobMs}) {
            if (!(v >= 0)) {
                throw new IllegalArgumentException("server costs must not be negative");
            }
        }
    }

    /** @return these costs without server time: requests are answered as fast as the machine allows */
    public static ServerCosts none() {
        return DEFAULT.withScale(0);
    }

    public ServerCosts withScale(double s) {
        return new ServerCosts(s, requestMs, writeMs, bulkRecordMs, readRowMs, customLogicMs, operationsWriteMs,
                packageRecordMs, packageJobMs);
    }

    /** @return the server time of one {@code UpsertMultiple} (or Create/Update) of {@code records}, in ms */
    public double bulkRequestMs(int records) {
        return scale * (requestMs + records * (bulkRecordMs + customLogicMs));
    }

    /** @return a copy with one cost changed by its option name ({@code bulk-record-cost-ms}, …) */
    public ServerCosts with(String option, double v) {
        return switch (option) {
            case "server-cost-scale" -> new ServerCosts(v, requestMs, writeMs, bulkRecordMs, readRowMs, customLogicMs,
                    operationsWriteMs, packageRecordMs, packageJobMs);
            case "request-cost-ms" -> new ServerCosts(scale, v, writeMs, bulkRecordMs, readRowMs, customLogicMs,
                    operationsWriteMs, packageRecordMs, packageJobMs);
            case "write-cost-ms" -> new ServerCosts(scale, requestMs, v, bulkRecordMs, readRowMs, customLogicMs,
                    operationsWriteMs, packageRecordMs, packageJobMs);
            case "bulk-record-cost-ms" -> new ServerCosts(scale, requestMs, writeMs, v, readRowMs, customLogicMs,
                    operationsWriteMs, packageRecordMs, packageJobMs);
            case "read-row-cost-ms" -> new ServerCosts(scale, requestMs, writeMs, bulkRecordMs, v, customLogicMs,
                    operationsWriteMs, packageRecordMs, packageJobMs);
            case "custom-logic-cost-ms" -> new ServerCosts(scale, requestMs, writeMs, bulkRecordMs, readRowMs, v,
                    operationsWriteMs, packageRecordMs, packageJobMs);
            case "operations-write-cost-ms" -> new ServerCosts(scale, requestMs, writeMs, bulkRecordMs, readRowMs,
                    customLogicMs, v, packageRecordMs, packageJobMs);
            case "package-record-cost-ms" -> new ServerCosts(scale, requestMs, writeMs, bulkRecordMs, readRowMs,
                    customLogicMs, operationsWriteMs, v, packageJobMs);
            case "package-job-ms" -> new ServerCosts(scale, requestMs, writeMs, bulkRecordMs, readRowMs, customLogicMs,
                    operationsWriteMs, packageRecordMs, v);
            default -> throw new IllegalArgumentException("unknown cost option " + option);
        };
    }
}
