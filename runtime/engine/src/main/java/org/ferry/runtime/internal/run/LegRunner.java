package org.ferry.runtime.internal.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.RecordReader;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.error.CheckpointExpiredException;
import org.ferry.api.error.RecordException;
import org.ferry.runtime.internal.mapping.LegMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one leg: a reader thread fills a small bounded queue with pages while this thread maps records
 * and writes them in batches, so reading and writing overlap and memory holds a few pages whatever the
 * entity's size (and, on a leg that sweeps, {@link ReadSeen}'s 16 bytes for each record read). A batch's
 * hashes (what was written) are stored when the target acknowledged it; the source's checkpoint only when
 * every batch of the read was acknowledged.
 */
final class LegRunner {
    private static final Logger LOG = LoggerFactory.getLogger(LegRunner.class);
    private static final int QUEUE_PAGES = 4;
    private static final int PAGE_SIZE = 500;

    /** How a leg ended. */
    enum Outcome { DONE, STOPPED, FAILED }

    private record Page(List<EntityRecord> records) {
    }

    /**
     * @param warnings what the reader said of how the read went
     * @param full     whether it read everything (no checkpoint, or a refused one started over)
     */
    private record End(String checkpoint, List<String> warnings, boolean full) {
    }

    /** The service refused the checkpoint; the reader starts over with a full read. */
    private record Resync(String reason) {
    }

    private record Failure(Throwable error) {
    }

    private final LegPlan plan;
    private final RunProgress.Leg counts;
    private final Checkpoints checkpoints;
    private final LegWriter writer;
    private final RunErrors errors;
    private final RunStop stop;
    private final boolean full;
    private final Runnable afterBatch;
    private final List<Pending> pending = new ArrayList<>();
    private final List<String> deletions = new ArrayList<>();
    /** For the key-set sweep: what this read saw, by source id and by mapped key; {@code null} without a sweep. */
    private ReadSeen seen;
    private final Set<String> only;
    /**
     * Whether deletions are found by comparing key sets: the task asks, and the source cannot report them, or a
     * refused checkpoint made this a full read that did not see the deletions since.
     */
    private boolean sweep;
    private volatile boolean writerDone;
    private String failure;

    /**
     * @param only for a replay, the keys (source or destination) of the records to write again; {@code null}
     *             for a normal run. A replay reads everything, writes only these and leaves the checkpoint alone.
     */
    LegRunner(LegPlan plan, LegContext leg, Checkpoints checkpoints, LegWriter writer, RunStop stop, Set<String> only,
              Runnable afterBatch) {
        this.plan = plan;
        this.counts = leg.counts();
        this.errors = leg.errors();
        this.full = leg.full();
        this.checkpoints = checkpoints;
        this.writer = writer;
        this.stop = stop;
        this.only = only;
        this.afterBatch = afterBatch;
        this.sweep = only == null && plan.leg().deletes() && plan.removesDownstream()
                && plan.tracking() == org.ferry.api.connector.ChangeTracking.NONE;
        this.seen = sweep ? new ReadSeen() : null;
    }

    /** @return why it failed, for {@link Outcome#FAILED} */
    String failure() {
        return failure;
    }

    Outcome run() throws InterruptedException {
        boolean incremental = !full && only == null && plan.tracking() != org.ferry.api.connector.ChangeTracking.NONE;
        String since = incremental ? checkpoints.last().orElse(null) : null;
        String filter = plan.sourceCaps().filterPushdown() ? plan.leg().filter() : null;
        ReadRequest request = plan.readRequest(since, filter, PAGE_SIZE);
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_PAGES);
        Thread reader = Thread.ofPlatform().daemon().name("ferry-read-" + plan.leg().sourceEntity())
                .start(() -> read(request, queue));
        try {
            while (true) {
                Object item = queue.poll(200, TimeUnit.MILLISECONDS);
                if (item == null) {
                    if (stop.requested()) {
                        flush();
                        return Outcome.STOPPED;
                    }
                    continue;
                }
                if (item instanceof Page page) {
                    for (EntityRecord r : page.records()) {
                        accept(r);
                        if (pending.size() >= writer.batchSize() || deletions.size() >= writer.batchSize()) {
                            flush();
                            if (stop.requested()) {
                                return Outcome.STOPPED;
                            }
                        }
                    }
                } else if (item instanceof Resync resync) {
                    errors.warning(resync.reason());
                    // the deletions since the refused checkpoint are only found by comparing what this full read sees
                    sweep = only == null && plan.leg().deletes() && plan.removesDownstream();
                    seen = sweep ? new ReadSeen() : null;
                } else if (item instanceof End end) {
                    flush();
                    if (stop.requested()) {
                        return Outcome.STOPPED;
                    }
                    end.warnings().forEach(errors::warning);
                    writer.settle(); // the checkpoint and the sweep need every acknowledged batch remembered
                    if (only == null && (end.checkpoint() != null || end.full())) {
                        // a full read without a checkpoint (change tracking unavailable) must not leave an older one
                        checkpoints.save(end.checkpoint());
                    }
                    if (sweep) {
                        sweepDeleted();
                    }
                    return Outcome.DONE;
                } else if (item instanceof Failure f) {
                    flush();
                    failure = "reading " + plan.leg().sourceRole() + ":" + plan.leg().sourceEntity() + " failed: "
                            + message(f.error());
                    LOG.warn("Leg {} stopped: {}", plan.label(), failure, f.error());
                    return Outcome.FAILED;
                }
            }
        } catch (WriteFailure e) {
            failure = e.getMessage();
            return Outcome.FAILED;
        } finally {
            writerDone = true;
            reader.interrupt();
            try {
                writer.close();
            } catch (RuntimeException e) {
                // the leg already ends without its checkpoint; the next run rewrites what these batches described
                LOG.warn("Leg {}: remembering the last batches failed: {}", plan.label(), message(e), e);
            }
            reader.join(10_000);
            errors.flush();
        }
    }

    private void read(ReadRequest request, BlockingQueue<Object> queue) {
        ReadRequest current = request;
        try {
            while (true) {
                try (RecordReader reader = plan.source().read(current)) {
                    List<EntityRecord> page;
                    boolean first = true;
                    while (!writerDone && !stop.requested() && (page = reader.nextPage()) != null) {
                        if (first) {
                            first = false;
                            total(reader);
                        }
                        put(queue, new Page(page));
                    }
                    if (!writerDone && !stop.requested()) {
                        put(queue, new End(reader.checkpoint(), reader.warnings(), current.checkpoint() == null));
                    }
                    return;
                } catch (CheckpointExpiredException e) {
                    if (current.checkpoint() == null) {
                        throw e;
                    }
                    // the service no longer serves changes since the checkpoint: read everything; what did not change
                    // is recognised by its hash and not written again
                    put(queue, new Resync("the source refused the checkpoint of the last run (" + message(e)
                            + "); everything was read again and compared with what was written before"));
                    current = current.withCheckpoint(null);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            try {
                put(queue, new Failure(t));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Takes the count the source gives of this read, for progress with a total. A replay reads everything but counts
     * only the records it retries, so it has no total.
     */
    private void total(RecordReader reader) {
        if (only != null) {
            return;
        }
        try {
            java.util.OptionalLong total = reader.estimatedTotal();
            counts.total = total.isPresent() ? total.getAsLong() : null;
        } catch (RuntimeException e) {
            // the count is a courtesy: without it the console shows the records so far
            LOG.debug("Leg {}: the source gave no count: {}", plan.label(), message(e));
        }
    }

    /** Waits for room in the queue, but never past the writer's end. */
    private void put(BlockingQueue<Object> queue, Object item) throws InterruptedException {
        while (!writerDone) {
            if (queue.offer(item, 200, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    private void accept(EntityRecord record) {
        if (only != null && (record.deleted() || !replayed(record))) {
            return;
        }
        counts.read.incrementAndGet();
        if (record.deleted()) {
            if (plan.propagatesDeletes()) {
                String removed = writer.deletionOf(record);
                if (removed != null) {
                    deletions.add(removed);
                }
            }
            return;
        }
        if (sweep && record.sourceId() != null) {
            seen.sourceId(record.sourceId());
        }
        if (plan.filter() != null && !plan.filter().test(record)) {
            counts.skipped.incrementAndGet();
            return;
        }
        String refusal = writer.refusal(record);
        if (refusal != null) {
            counts.skipped.incrementAndGet();
            errors.skippedAsRead(record, null, refusal);
            return;
        }
        try {
            String targetUnit = plan.mapper().targetUnit(plan.orgMapping(), plan.leg().sourceRole(), record,
                    plan.leg().targetRole());
            LegMapping.Result result = plan.mapping().map(record, targetUnit);
            if (result instanceof LegMapping.Skipped s) {
                counts.skipped.incrementAndGet();
                errors.skippedAsRead(record, s.field(), s.reason());
            } else if (result instanceof LegMapping.Mapped m) {
                pending.add(new Pending(m.record(), record.organization(), targetUnit, m.references(), record));
                if (sweep && m.record().key() != null) {
                    seen.key(m.record().key().asText());
                }
            }
        } catch (RecordException e) {
            counts.failed.incrementAndGet();
            errors.failedAsRead(record, e.field(), e.getMessage());
        } catch (RuntimeException e) {
            counts.failed.incrementAndGet();
            errors.failedAsRead(record, null, "mapping failed: " + message(e));
        }
    }

    /** Whether a replay writes this record: its source key or id, or the destination key it maps to, failed before. */
    private boolean replayed(EntityRecord record) {
        if (record.key() != null && only.contains(record.key().asText())
                || record.sourceId() != null && only.contains(record.sourceId())) {
            return true;
        }
        try {
            return plan.mapping().map(record, null) instanceof LegMapping.Mapped m && m.record().key() != null
                    && only.contains(m.record().key().asText());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void flush() {
        if (!pending.isEmpty() || !deletions.isEmpty()) {
            Map<String, List<Pending>> byUnit = new LinkedHashMap<>();
            for (Pending p : pending) {
                byUnit.computeIfAbsent(p.targetUnit() == null ? "" : p.targetUnit(), k -> new ArrayList<>()).add(p);
            }
            for (Map.Entry<String, List<Pending>> e : byUnit.entrySet()) {
                writer.write(e.getKey().isEmpty() ? null : e.getKey(), e.getValue());
            }
            writer.delete(deletions);
            pending.clear();
            deletions.clear();
        }
        errors.flush();
        afterBatch.run();
    }

    /**
     * After a complete read, deletes downstream the records this leg wrote before and the read no longer saw.
     * A read that suddenly sees less than half of what it wrote before is more likely a broken source
     * than a mass deletion, so then nothing is deleted and the leg says why.
     */
    private void sweepDeleted() {
        long unseen = writer.unseenCount(seen);
        if (unseen == 0) {
            return;
        }
        long remembered = writer.remembered();
        if (unseen > 10 && unseen * 2 > remembered) {
            counts.skipped.addAndGet(unseen);
            errors.skipped(null, null, "not deleting " + unseen + " of " + remembered + " records the source no longer"
                    + " returned: more than half at once looks like a source problem; delete them downstream by hand"
                    + " or run the leg again once the source is complete");
            errors.flush();
            return;
        }
        String after = null;
        while (true) {
            List<String> gone = writer.unseen(seen, after, writer.batchSize());
            if (gone.isEmpty()) {
                return;
            }
            after = gone.get(gone.size() - 1);
            writer.delete(gone);
            errors.flush();
            afterBatch.run();
        }
    }

    static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
