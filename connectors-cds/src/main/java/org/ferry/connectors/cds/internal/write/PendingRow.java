package org.ferry.connectors.cds.internal.write;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.ferry.api.connector.WriteOutcome;

/**
 * The row one key (or, for writes by id, one hub id) will have after the batch; several records of the
 * batch may share it.
 */
final class PendingRow {
    final boolean isNew;
    /** The {@code _key} the row has in the database, or {@code null} for a new row. */
    final String storedKey;
    final List<PreparedRecord> records = new ArrayList<>(1);
    /** The {@code _key} the row will have; {@code null} while a row without a business key awaits its surrogate. */
    String keyText;
    /** The row's hub id; for a new row, known once it is inserted. */
    Long id;
    Object[] values;
    /** The values as stored, for a row read from the database ({@code null} for a new row): what an update changes. */
    final Object[] stored;
    boolean dirty;
    /** Set when the row turns out not to be writable after planning; its records have FAILED outcomes. */
    boolean refused;

    PendingRow(String storedKey, Long id, Object[] values, boolean isNew) {
        this.storedKey = storedKey;
        this.keyText = storedKey;
        this.id = id;
        this.values = values;
        this.stored = isNew ? null : values;
        this.isNew = isNew;
    }

    /**
     * Takes a record's merged values and records its outcome: INSERTED for the first record of a new row,
     * UPDATED when it changed the row (which then needs writing), else UNCHANGED.
     */
    void take(PreparedRecord p, Object[] merged, boolean changed, Map<Integer, WriteOutcome> outcomes) {
        boolean first = records.isEmpty();
        values = merged;
        records.add(p);
        if (isNew && first) {
            outcomes.put(p.index(), WriteOutcome.inserted(p.reportedKey()));
        } else if (changed) {
            dirty = true;
            outcomes.put(p.index(), WriteOutcome.updated(p.reportedKey()));
        } else {
            outcomes.put(p.index(), WriteOutcome.unchanged(p.reportedKey()));
        }
    }
}
