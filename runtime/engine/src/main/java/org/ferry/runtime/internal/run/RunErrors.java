package org.ferry.runtime.internal.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.ferry.runtime.management.RunErrorInfo;

/**
 * Collects a leg's failed and skipped records and writes them with each batch, so a crash loses at
 * most the errors of the batch in flight, and memory holds one batch's worth.
 */
final class RunErrors {
    private final RunStore store;
    private final String runId;
    private final String task;
    private final String leg;
    private final List<RunErrorInfo> pending = new ArrayList<>();

    RunErrors(RunStore store, String runId, String task, String leg) {
        this.store = store;
        this.runId = runId;
        this.task = task;
        this.leg = leg;
    }

    void failed(String businessKey, String field, String message) {
        pending.add(new RunErrorInfo(task, leg, businessKey, field, message, "failed", Instant.now()));
    }

    void skipped(String businessKey, String field, String message) {
        pending.add(new RunErrorInfo(task, leg, businessKey, field, message, "skipped", Instant.now()));
    }

    /** Something the run should know that is not a record's failure: a read that fell back to a full read, say. */
    void warning(String message) {
        pending.add(new RunErrorInfo(task, leg, null, null, message, "warning", Instant.now()));
    }

    void flush() {
        if (!pending.isEmpty()) {
            store.addErrors(runId, List.copyOf(pending));
            pending.clear();
        }
    }
}
