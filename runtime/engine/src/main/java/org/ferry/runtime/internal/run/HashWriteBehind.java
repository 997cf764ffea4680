package org.ferry.runtime.internal.run;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.ferry.api.data.EntityRecord;
import org.ferry.runtime.internal.run.RecordHashes.Written;
import org.ferry.store.KeyBloomFilter;

/**
 * A leg's hash memory with its writes taken off the run thread: a batch's acknowledged hashes are stored (and
 * keys marked seen) by one worker thread, in order, while the run thread maps and writes the next batch. The
 * stores cost about as much as the target's own write (Derby logs every row and index entry and forces the log
 * at commit), so serialised they halved a hub leg's throughput.
 *
 * <p>What is stored but not yet committed is overlaid on every lookup, so a key written in one batch is known to
 * the next even while its row is in flight; those keys are not probed in the database at all, which also keeps
 * the probe from waiting on the worker's row locks. Whoever needs the database itself to be complete (a
 * checkpoint, a deletion found by source id, the key-set sweep, the leg's end) calls {@link #drain()} first, so
 * a checkpoint still advances only once every acknowledged batch's hashes are stored. A failed store is thrown
 * on the run thread at the next call, as it was when the store ran there.
 */
final class HashWriteBehind implements AutoCloseable {
    /**
     * Stores in flight at most: one, stored while the next batch is written. A kill loses the hashes of the
     * batches the target acknowledged and this thread had not stored yet; the next run sends them again (the
     * target answers unchanged), so this bounds a kill's re-sent work at two batches: this one and the one at
     * the target.
     */
    private static final int MAX_PENDING = 1;

    /** A queued store; {@code written} and {@code forgotten} are what it changes, for the overlay. */
    private record Job(Future<?> done, Map<String, Acknowledged> written, Set<String> forgotten) {
    }

    /** What the target acknowledged for a key, to be stored. */
    interface Acknowledged {
        /** @return the state to store; may compute the record's hash, on whichever thread asks first */
        Written written();
    }

    /**
     * A record written for the first time: its hash decided nothing (there was none to compare with), so it is
     * made on the storing thread instead of the run thread, or when the next batch looks the key up first.
     */
    record Unhashed(EntityRecord record, String unit, String sourceOrganization) implements Acknowledged {
        @Override
        public Written written() {
            return new Written(RecordHash.digest(record, unit), sourceOrganization, record.sourceId());
        }
    }

    private final RecordHashes state;
    private final String name;
    private final Deque<Job> jobs = new ArrayDeque<>();
    private ExecutorService worker;
    /**
     * When the leg remembered nothing as the run began, the keys stored since: a key it has not seen has no
     * row, so the probe is skipped (most of a first run's lookups); {@code null} when the leg had rows. 8 Mbit and
     * four probes, 1 MB per running leg whatever its size: about 2 % false positives at a million keys, more past
     * that, which costs probes, never correctness.
     */
    private KeyBloomFilter storedThisRun;
    private boolean filterDecided;

    HashWriteBehind(RecordHashes state, String name) {
        this.state = state;
        this.name = name;
    }

    /** @return the written state of each of these keys that has one, stored or still in flight */
    Map<String, Written> written(Collection<String> keys) {
        settle();
        KeyBloomFilter filter = storedThisRun();
        if (filter != null) {
            keys = keys.stream().filter(filter::mightContain).toList();
        }
        if (jobs.isEmpty()) {
            return state.written(keys);
        }
        Map<String, Acknowledged> inFlight = new HashMap<>();
        Set<String> gone = new HashSet<>();
        for (Job job : jobs) { // oldest first: a later job's change wins
            for (String key : job.forgotten()) {
                inFlight.remove(key);
                gone.add(key);
            }
            for (Map.Entry<String, Acknowledged> e : job.written().entrySet()) {
                inFlight.put(e.getKey(), e.getValue());
                gone.remove(e.getKey());
            }
        }
        List<String> probe = new ArrayList<>(keys.size());
        for (String key : keys) {
            if (!inFlight.containsKey(key) && !gone.contains(key)) {
                probe.add(key);
            }
        }
        Map<String, Written> result = state.written(probe);
        for (String key : keys) {
            Acknowledged a = inFlight.get(key);
            if (a != null) {
                Written w = a.written();
                // as a stored row answers: the source id is stored for deletions, never read back by lookups
                result.put(key, new Written(w.hash(), w.sourceOrganization(), null));
            }
        }
        return result;
    }

    /** Queues the store of a batch's acknowledged records; see {@link RecordHashes#remember(Map, Collection, Set)}. */
    void remember(Map<String, ? extends Acknowledged> written, Collection<String> forgotten, Set<String> stored) {
        if (written.isEmpty() && forgotten.isEmpty()) {
            return;
        }
        Map<String, Acknowledged> w = Map.copyOf(written);
        Set<String> f = Set.copyOf(forgotten);
        Set<String> s = stored == null ? null : Set.copyOf(stored);
        KeyBloomFilter filter = storedThisRun();
        if (filter != null) {
            w.keySet().forEach(filter::add);
        }
        submit(() -> {
            Map<String, Written> hashed = new HashMap<>(w.size() * 2);
            w.forEach((key, a) -> hashed.put(key, a.written()));
            state.remember(hashed, f, s);
        }, w, f);
    }

    /** Waits until everything queued is stored; throws the first store's failure. */
    void drain() {
        while (!jobs.isEmpty()) {
            await(jobs.removeFirst());
        }
    }

    /** Drains and stops the worker. */
    @Override
    public void close() {
        try {
            drain();
        } finally {
            jobs.clear();
            if (worker != null) {
                worker.shutdown();
                worker = null;
            }
        }
    }

    /** Decided on the first call, before anything was queued, so the database shows the leg as the run found it. */
    private KeyBloomFilter storedThisRun() {
        if (!filterDecided) {
            storedThisRun = state.isEmpty() ? new KeyBloomFilter(1 << 23, 4) : null;
            filterDecided = true;
        }
        return storedThisRun;
    }

    private void submit(Runnable store, Map<String, Acknowledged> written, Set<String> forgotten) {
        settle();
        while (jobs.size() >= MAX_PENDING) {
            await(jobs.removeFirst());
        }
        if (worker == null) {
            worker = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("ferry-hashes-" + name).factory());
        }
        jobs.addLast(new Job(worker.submit(store), written, forgotten));
    }

    /** Forgets finished stores (their rows are committed, so the database answers for them). */
    private void settle() {
        for (Iterator<Job> it = jobs.iterator(); it.hasNext(); ) {
            Job job = it.next();
            if (!job.done().isDone()) {
                return; // later jobs finish after this one: the worker runs them in order
            }
            it.remove();
            await(job);
        }
    }

    /** Waits for a store without giving up on an interrupt: the checkpoint depends on it; the store is short. */
    private static void await(Job job) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    job.done().get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException("cannot store record hashes: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
