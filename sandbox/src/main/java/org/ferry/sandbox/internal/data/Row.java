package org.ferry.sandbox.internal.data;

/**
 * An immutable snapshot of one stored row. Writers replace rows instead of mutating them, so readers
 * paging through a table never see half-applied changes.
 */
public final class Row {
    private final String id;
    private final Object[] values;
    private final long version;
    private final boolean deleted;

    Row(String id, Object[] values, long version, boolean deleted) {
        this.id = id;
        this.values = values;
        this.version = version;
        this.deleted = deleted;
    }

    /** The table's primary key in canonical form (a GUID, or the joined composite key). */
    public String id() {
        return id;
    }

    /** The change version; strictly increasing across every write of the owning store. */
    public long version() {
        return version;
    }

    public boolean deleted() {
        return deleted;
    }

    public Object get(int index) {
        return values[index];
    }

    public Object get(EntitySchema schema, String field) {
        return values[schema.indexOf(field)];
    }

    /** A copy of the values for a writer to change and hand back to the table. */
    public Object[] copyValues() {
        return values.clone();
    }
}
