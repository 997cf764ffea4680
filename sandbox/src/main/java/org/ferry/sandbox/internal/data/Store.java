package org.ferry.sandbox.internal.data;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The tables of one emulated service, sharing one change clock so versions order all writes, and the
 * service's named counters (F&O number sequences), which belong to the data as much as the rows they number.
 */
public final class Store {
    private final AtomicLong clock = new AtomicLong();
    private final Map<String, EntityTable> tables = new LinkedHashMap<>();
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

    public Store(Collection<EntitySchema> schemas) {
        for (EntitySchema s : schemas) {
            tables.put(s.setName(), new EntityTable(s, clock));
        }
    }

    /** The table for an entity set name, or null; set names are case-sensitive as in OData. */
    public EntityTable table(String setName) {
        return tables.get(setName);
    }

    public Collection<EntityTable> tables() {
        return tables.values();
    }

    public long currentVersion() {
        return clock.get();
    }

    /** Sets the clock after rows were restored, so new writes get versions above every saved one. */
    void restoreClock(long version) {
        clock.accumulateAndGet(version, Math::max);
    }

    /** The named counters and their current values, for a snapshot. */
    Map<String, AtomicLong> counters() {
        return counters;
    }

    /** The counter with this name, starting at {@code initial} (its last value handed out) when first asked for. */
    public AtomicLong counter(String name, LongSupplier initial) {
        return counters.computeIfAbsent(name, n -> new AtomicLong(initial.getAsLong()));
    }
}
