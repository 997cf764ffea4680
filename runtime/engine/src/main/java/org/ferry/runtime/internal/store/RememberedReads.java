package org.ferry.runtime.internal.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What the store answered to reads of one table, remembered until this node writes that table.
 *
 * <p>The admin API reads projects, connections and runs on every request of the console, while a run writes the
 * same embedded Derby: Derby latches a page exclusively even to read it, so 32 request threads reading the projects
 * and runs tables' few hot pages, and the run renewing its lease on the runs row, queued behind one another (waits of
 * up to 100 ms each, seconds in all, with a run in progress). An answer remembered here is read once per change.
 *
 * <p>Only a store that this process alone opens remembers anything: embedded Derby, where every write passes
 * through this node, which forgets what a write changed ({@link #changed()}) once the write committed. A store that
 * several nodes share is always read: another node's writes are never heard of here (and PostgreSQL's readers do not
 * wait for its writers). Remembered answers must be immutable.
 */
public final class RememberedReads {
    private static final int MAX_ANSWERS = 1_000;

    private final boolean enabled;
    private final Map<Object, Object> answers = new ConcurrentHashMap<>();
    /** Counts changes, so a read that raced one does not stay remembered. */
    private final AtomicLong changes = new AtomicLong();

    RememberedReads(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * @param key what was read (distinct for each kind of read of the table, e.g. {@code List.of("find", id)})
     * @param read reads the store; its answer must not be {@code null}
     * @return the remembered answer, or what {@code read} answers now
     */
    @SuppressWarnings("unchecked")
    public <V> V get(Object key, Supplier<V> read) {
        if (!enabled) {
            return read.get();
        }
        Object known = answers.get(key);
        if (known != null) {
            return (V) known;
        }
        long before = changes.get();
        V answer = read.get();
        if (answers.size() >= MAX_ANSWERS) {
            answers.clear();
        }
        answers.put(key, answer);
        // a change counted from here on clears after counting, so it removes this answer itself; one counted
        // between the read and the put is seen here
        if (changes.get() != before) {
            answers.remove(key, answer);
        }
        return answer;
    }

    /**
     * Forgets every answer: called once a write of the table committed, or, for a write inside a caller's
     * transaction, right after its statements (a reader then waits on Derby's row locks until that transaction ends).
     */
    public void changed() {
        changes.incrementAndGet();
        answers.clear();
    }
}
