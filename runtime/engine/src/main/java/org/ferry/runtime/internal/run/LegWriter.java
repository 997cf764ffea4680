package org.ferry.runtime.internal.run;

import java.util.Collection;
import java.util.List;

import org.ferry.api.data.EntityRecord;

/**
 * How one leg writes what it read: the one seam between a leg's reading and mapping ({@link LegRunner}) and its
 * target. A business-key leg ({@link BusinessKeyWriter}) upserts by key and remembers record hashes per key; a
 * key-map leg ({@link KeyMapWriter}) writes by the target's own ids and remembers them in a key map. Both skip
 * records whose hash did not change, count each outcome ({@link Outcomes}) and remove what the source lost
 * ({@link Removal}).
 *
 * <p>Called on the leg's thread only. A target that cannot be written any more throws {@link WriteFailure}.
 */
interface LegWriter extends AutoCloseable {
    /** Builds the writer a leg's plan asks for. */
    static LegWriter of(LegPlan plan, LegContext leg) {
        return plan.keyMapPair() != null ? new KeyMapWriter(plan, leg) : new BusinessKeyWriter(plan, leg);
    }

    /** @return how many records go to the target in one call */
    int batchSize();

    /** @return why this leg cannot write a record it read (counted as skipped), or {@code null} when it can */
    String refusal(EntityRecord read);

    /**
     * @return what a deletion read at the source removes downstream (a key, or a source id), or {@code null} when
     * it cannot be propagated: then the writer has counted it as skipped and said why
     */
    String deletionOf(EntityRecord deletion);

    /** Writes one target unit's batch of mapped records ({@code unit} {@code null}: unscoped). */
    void write(String unit, List<Pending> batch);

    /** Removes downstream what {@link #deletionOf} or {@link #unseen} named. */
    void delete(Collection<String> removed);

    /** @return how many records the leg remembers writing, for the sweep's sanity check */
    long remembered();

    /** @return how many remembered records the complete read that saw {@code seen} did not see */
    long unseenCount(ReadSeen seen);

    /**
     * @param after where the last page of the sweep ended ({@code null}: at the start); a record the target refused to
     *              delete stays remembered, and is not named again
     * @return up to {@code limit} of the remembered records the read did not see, in the store's order, after
     * {@code after}
     */
    List<String> unseen(ReadSeen seen, String after, int limit);

    /** Waits until every acknowledged batch is remembered: before a checkpoint, and at the leg's end. */
    void settle();

    /** Settles, and lets go of what the writer holds; a failed store is thrown. */
    @Override
    void close();
}
