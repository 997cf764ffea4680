package org.ferry.sandbox.internal.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * One in-memory table. Rows are kept in primary-key order (the order pages are served in); deleted
 * rows stay as tombstones so delta queries can report them. Every write takes the table's write lock
 * and draws the next version from the store clock, so a reader holding the read lock sees every
 * version up to the clock value it read: delta tokens are exact.
 */
public final class EntityTable {
    private final EntitySchema schema;
    private final AtomicLong clock;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ConcurrentSkipListMap<String, Row> rows = new ConcurrentSkipListMap<>();
    /**
     * The same rows by primary key, for point reads: every write reads its row (and the rows its values refer to)
     * by key, and a skip list of 100,000 keys costs a comparison per level where a hash costs one.
     */
    private final ConcurrentHashMap<String, Row> byId = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<Long, String> changes = new ConcurrentSkipListMap<>();
    private final List<Map<String, String>> alternateIndexes = new ArrayList<>();
    private final AtomicInteger live = new AtomicInteger();

    EntityTable(EntitySchema schema, AtomicLong clock) {
        this.schema = schema;
        this.clock = clock;
        for (int i = 0; i < schema.alternateKeys().size(); i++) {
            alternateIndexes.add(new ConcurrentHashMap<>());
        }
    }

    public EntitySchema schema() {
        return schema;
    }

    public int size() {
        return live.get();
    }

    /** The live row with this primary key, or null. */
    public Row get(String id) {
        Row r = byId.get(id);
        return r == null || r.deleted() ? null : r;
    }

    /** Finds the live row whose alternate key (given in declaration order) has these values. */
    public Row findByAlternateKey(List<String> fields, List<Object> values) {
        for (int i = 0; i < schema.alternateKeys().size(); i++) {
            List<String> ak = schema.alternateKeys().get(i);
            if (ak.size() == fields.size() && ak.containsAll(fields)) {
                List<Object> ordered = new ArrayList<>();
                for (String f : ak) {
                    ordered.add(values.get(fields.indexOf(f)));
                }
                String id = alternateIndexes.get(i).get(normalize(ordered));
                return id == null ? null : get(id);
            }
        }
        throw new IllegalArgumentException("not an alternate key of " + schema.setName() + ": " + fields);
    }

    /** Whether the fields (in any order) form one of the table's alternate keys. */
    public boolean isAlternateKey(List<String> fields) {
        for (List<String> ak : schema.alternateKeys()) {
            if (ak.size() == fields.size() && ak.containsAll(fields)) {
                return true;
            }
        }
        return false;
    }

    /** Work that may fail with a checked exception, run under a table lock. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /** Runs check-then-act logic (upserts, duplicate checks) without interleaving other writers. */
    public <T, E extends Exception> T atomically(Work<T, E> action) throws E {
        lock.writeLock().lock();
        try {
            return action.run();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Runs a read that must see a consistent clock value and change index (delta snapshots). */
    public <T> T consistently(Supplier<T> action) {
        lock.readLock().lock();
        try {
            return action.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Inserts or replaces the row with this primary key.
     *
     * @return the previous live row, or null when the row was created
     * @throws KeyConflictException when an alternate key value belongs to another row
     */
    public Row put(String id, Object[] values) {
        lock.writeLock().lock();
        try {
            Row previous = get(id);
            List<String> newKeys = new ArrayList<>();
            for (int i = 0; i < alternateIndexes.size(); i++) {
                String key = alternateValue(i, values);
                newKeys.add(key);
                if (key != null) {
                    String owner = alternateIndexes.get(i).get(key);
                    if (owner != null && !owner.equals(id)) {
                        throw new KeyConflictException(schema.alternateKeys().get(i));
                    }
                }
            }
            if (previous != null) {
                unindex(previous);
            }
            for (int i = 0; i < newKeys.size(); i++) {
                if (newKeys.get(i) != null) {
                    alternateIndexes.get(i).put(newKeys.get(i), id);
                }
            }
            store(new Row(id, values, clock.incrementAndGet(), false));
            if (previous == null) {
                live.incrementAndGet();
            }
            UndoLog.record(this, id, previous);
            return previous;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Deletes the row, leaving a tombstone; returns the deleted row or null when it did not exist. */
    public Row delete(String id) {
        lock.writeLock().lock();
        try {
            Row previous = get(id);
            if (previous == null) {
                return null;
            }
            unindex(previous);
            store(new Row(id, previous.copyValues(), clock.incrementAndGet(), true));
            live.decrementAndGet();
            UndoLog.record(this, id, previous);
            return previous;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Puts back a row saved by an earlier run of the sandbox, with its own version and deleted flag; the store's
     * clock is set past the restored versions afterwards ({@link Store#restoreClock}).
     */
    void restore(String id, Object[] values, long version, boolean deleted) {
        lock.writeLock().lock();
        try {
            Row row = new Row(id, values, version, deleted);
            store(row);
            if (!deleted) {
                for (int i = 0; i < alternateIndexes.size(); i++) {
                    String key = alternateValue(i, values);
                    if (key != null) {
                        alternateIndexes.get(i).putIfAbsent(key, id);
                    }
                }
                live.incrementAndGet();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Every row, tombstones included, in key order: what a snapshot saves. */
    Iterable<Row> allRows() {
        return rows.values();
    }

    /** Primary keys and versions of rows changed in (from, to], oldest first. */
    public NavigableMap<Long, String> changes(long from, long to) {
        return changes.subMap(from, false, to, true);
    }

    /** Live rows after the given primary key (exclusive; null for the start), in key order. */
    public Iterable<Row> rowsAfter(String afterId) {
        NavigableMap<String, Row> view = afterId == null ? rows : rows.tailMap(afterId, false);
        return () -> view.values().stream().filter(r -> !r.deleted()).iterator();
    }

    /** A row including tombstones, for delta responses. */
    public Row getIncludingDeleted(String id) {
        return byId.get(id);
    }

    private void store(Row row) {
        byId.put(row.id(), row);
        Row old = rows.put(row.id(), row);
        if (old != null) {
            changes.remove(old.version());
        }
        changes.put(row.version(), row.id());
    }

    private void unindex(Row row) {
        Object[] values = row.copyValues();
        for (int i = 0; i < alternateIndexes.size(); i++) {
            String key = alternateValue(i, values);
            if (key != null) {
                alternateIndexes.get(i).remove(key, row.id());
            }
        }
    }

    private String alternateValue(int i, Object[] values) {
        List<Object> parts = new ArrayList<>();
        for (String f : schema.alternateKeys().get(i)) {
            Object v = values[schema.indexOf(f)];
            if (v == null) {
                return null;
            }
            parts.add(v);
        }
        return normalize(parts);
    }

    /** Keys compare case-insensitively, as they do in the SQL collations behind both services. */
    public static String normalize(List<Object> parts) {
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            if (!sb.isEmpty()) {
                sb.append('\u0001');
            }
            sb.append(String.valueOf(p).toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }
}
