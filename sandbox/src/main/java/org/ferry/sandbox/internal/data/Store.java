package org.ferry.sandbox.internal.data;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The tables of one emulated service, sharing one change clock so versions order all writes. */
public final class Store {
    private final AtomicLong clock = new AtomicLong();
    private final Map<String, EntityTable> tables = new LinkedHashMap<>();

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
}
