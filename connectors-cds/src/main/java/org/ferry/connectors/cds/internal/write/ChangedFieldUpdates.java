package org.ferry.connectors.cds.internal.write;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.ferry.api.connector.WriteOutcome;
import org.ferry.connectors.cds.internal.store.ValueCodec;

/**
 * The UPDATEs of a batch's changed rows, each setting only the fields whose values differ from the stored ones
 * (beside what every update sets: the change number, the modification time). An update that set every field cost
 * Derby, for a row where one field changed, a normalization and a log entry of each of the twenty-odd fields: most of
 * an incremental run's writes to the hub. Rows are grouped by which fields they change, one statement (and JDBC
 * batch) per group; an entity whose rows change in too many ways falls back to the statement that sets every field,
 * so the database's statement cache holds a bounded number of them.
 */
final class ChangedFieldUpdates {
    /** Statements narrowed to a set of fields, per writer, before every further set is written whole. */
    static final int MAX_STATEMENTS = 16;

    private final TableRows rows;
    private final TableRows.Assignments all;
    private final Function<TableRows.Assignments, String> sql;
    private final Map<BitSet, TableRows.Assignments> narrowed = new ConcurrentHashMap<>();

    /**
     * @param all the fields an update may set
     * @param sql the statement that sets the given fields ({@link TableRows.Assignments#sql()} in its SET clause)
     */
    ChangedFieldUpdates(TableRows rows, TableRows.Assignments all, Function<TableRows.Assignments, String> sql) {
        this.rows = rows;
        this.all = all;
        this.sql = sql;
    }

    /** Binds one row's parameters of a statement that sets {@code set}. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps, PendingRow row, TableRows.Assignments set) throws SQLException;
    }

    /** Updates the rows as {@link TableRows#execute} runs a statement, grouped by the fields each changed. */
    void execute(Connection c, List<PendingRow> updates, boolean isolate, Map<Integer, WriteOutcome> outcomes,
                 Binder binder) throws SQLException {
        Map<TableRows.Assignments, List<PendingRow>> groups = new LinkedHashMap<>();
        for (PendingRow row : updates) {
            groups.computeIfAbsent(fieldsChanged(row), s -> new ArrayList<>()).add(row);
        }
        for (Map.Entry<TableRows.Assignments, List<PendingRow>> g : groups.entrySet()) {
            TableRows.Assignments set = g.getKey();
            rows.execute(c, sql.apply(set), g.getValue(), isolate, outcomes, (ps, row) -> binder.bind(ps, row, set));
        }
    }

    private TableRows.Assignments fieldsChanged(PendingRow row) {
        if (row.stored == null) {
            return all;
        }
        BitSet changed = new BitSet();
        for (int i : all.positions()) {
            if (!ValueCodec.same(row.stored[i], row.values[i])) {
                changed.set(i);
            }
        }
        if (changed.cardinality() == all.positions().size()) {
            return all;
        }
        TableRows.Assignments set = narrowed.get(changed);
        if (set == null) {
            if (narrowed.size() >= MAX_STATEMENTS) {
                return all;
            }
            set = narrowed.computeIfAbsent(changed, b -> rows.assignments(f -> b.get(rows.position(f))));
        }
        return set;
    }
}
