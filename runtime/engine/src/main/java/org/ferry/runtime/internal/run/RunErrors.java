package org.ferry.runtime.internal.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.ferry.api.data.EntityRecord;
import org.ferry.runtime.internal.store.Fence;
import org.ferry.runtime.management.RunErrorInfo;
import org.ferry.runtime.management.ValidationProblem;

/**
 * Collects a leg's failed and skipped records and writes them with each batch, so a crash loses at
 * most the errors of the batch in flight, and memory holds one batch's worth. A record is named by its
 * business key; one that has none, and every record of a key-map leg (which knows records only by the
 * ids their source gave them), by its source id. A failed record keeps the record as read and, once mapped,
 * the values that were to be written ({@link RecordSnapshot}), for triage.
 */
final class RunErrors {
    static final String FAILED = "failed";
    static final String SKIPPED = "skipped";
    /** Why the run, or a leg of it, could not go on: so a run that ended before any record explains itself. */
    static final String RUN = "run";

    private final RunStore store;
    private final String runId;
    private final String task;
    private final String leg;
    private final boolean bySourceId;
    private final Fence fence;
    /**
     * Errors held before they are written even while no batch is: records failing in their mapping never make a
     * batch, and each holds the record as read.
     */
    static final int FLUSH_AT = 500;
    private final List<RunErrorInfo> pending = new ArrayList<>();

    /** @param bySourceId whether the leg knows its records by source id (a key-map leg) */
    RunErrors(RunStore store, String runId, String task, String leg, boolean bySourceId, Fence fence) {
        this.fence = fence;
        this.store = store;
        this.runId = runId;
        this.task = task;
        this.leg = leg;
        this.bySourceId = bySourceId;
    }

    /** @param key the record's business key on a business-key leg, its source id on a key-map leg */
    void failed(String key, String field, String message) {
        hold(error(key, field, message, FAILED));
    }

    void skipped(String key, String field, String message) {
        hold(error(key, field, message, SKIPPED));
    }

    /**
     * A mapped record the target (or the writer's checks) refused: named by its key, kept with the record as read
     * and the values sent.
     *
     * @param key the record's business key on a business-key leg, its source id on a key-map leg
     */
    void failed(Pending record, String key, String field, String message) {
        RunErrorInfo e = error(key, field, message, FAILED);
        hold(withRecords(e, record.source(), record.record()));
    }

    /** A record as the source gave it: by its business key, or by its source id where it has no key. */
    void failedAsRead(EntityRecord record, String field, String message) {
        hold(withRecords(error(record, field, message, FAILED), record, null));
    }

    void skippedAsRead(EntityRecord record, String field, String message) {
        hold(error(record, field, message, SKIPPED));
    }

    /** The leg could not go on; written at once, since nothing may follow. */
    void stopped(String message) {
        hold(new RunErrorInfo(task, leg, null, null, message, RUN, Instant.now(), null));
        flush();
    }

    /** Something the run should know that is not a record's failure: a read that fell back to a full read, say. */
    void warning(String message) {
        hold(new RunErrorInfo(task, leg, null, null, message, "warning", Instant.now()));
    }

    private void hold(RunErrorInfo error) {
        pending.add(error);
        if (pending.size() >= FLUSH_AT) {
            flush();
        }
    }

    void flush() {
        if (!pending.isEmpty()) {
            List<RunErrorInfo> batch = List.copyOf(pending);
            pending.clear(); // a refused write (the lease lost) is not tried again at the next flush
            store.addErrors(runId, batch, fence);
        }
    }

    /** Why a run could not start or go on, as its errors: one per problem, naming the task, leg and field. */
    static void runStopped(RunStore store, String runId, List<ValidationProblem> problems, Fence fence) {
        Instant now = Instant.now();
        store.addErrors(runId, problems.stream()
                .map(p -> new RunErrorInfo(p.task(), p.leg(), null, p.field(), p.message(), RUN, now, null)).toList(), fence);
    }

    static void runStopped(RunStore store, String runId, String message, Fence fence) {
        runStopped(store, runId, List.of(new ValidationProblem(null, null, null, message)), fence);
    }

    /** Something a run should know that no leg said: a node took it over, say. */
    static void runWarning(RunStore store, String runId, String message, Fence fence) {
        store.addErrors(runId, List.of(new RunErrorInfo(null, null, null, null, message, "warning", Instant.now(), null)),
                fence);
    }

    private static RunErrorInfo withRecords(RunErrorInfo e, EntityRecord source, EntityRecord written) {
        return new RunErrorInfo(e.task(), e.leg(), e.businessKey(), e.field(), e.message(), e.kind(), e.at(), e.sourceId(),
                RecordSnapshot.of(source), RecordSnapshot.of(written));
    }

    private RunErrorInfo error(String key, String field, String message, String kind) {
        return bySourceId ? new RunErrorInfo(task, leg, null, field, message, kind, Instant.now(), key)
                : new RunErrorInfo(task, leg, key, field, message, kind, Instant.now(), null);
    }

    private RunErrorInfo error(EntityRecord record, String field, String message, String kind) {
        String key = record.key() == null ? null : record.key().asText();
        String sourceId = record.sourceId() == null || record.sourceId().isBlank() ? null : record.sourceId();
        if (bySourceId && sourceId != null || key == null) {
            return new RunErrorInfo(task, leg, null, field, message, kind, Instant.now(), sourceId);
        }
        return new RunErrorInfo(task, leg, key, field, message, kind, Instant.now(), null);
    }
}
