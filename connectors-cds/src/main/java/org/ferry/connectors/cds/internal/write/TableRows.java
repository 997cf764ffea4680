package org.ferry.connectors.cds.internal.write;

import org.ferry.store.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.FieldSchema;
import org.ferry.connectors.cds.internal.schema.EntityDefinition;
import org.ferry.connectors.cds.internal.store.Sql;
import org.ferry.connectors.cds.internal.store.ValueCodec;

/**
 * One entity's table as both writers (by key and by id) see it: a row is an array of stored values in field
 * order; records are merged into rows with the same required-field rules; batches run as JDBC batches or, when
 * the database refused one, with a savepoint per row so only the refused records fail.
 */
final class TableRows {
    final EntityDefinition def;
    final List<FieldSchema> fields;
    /** {@code , "Field1", "Field2"…} in field order. */
    final String columns;
    /** {@code "Organization_OrganizationId" = ? AND } for scoped entities, else empty. */
    final String scope;
    final String insertSql;
    private final Map<String, Integer> position = new HashMap<>();

    TableRows(EntityDefinition def, Dialect dialect) {
        this.def = def;
        this.fields = def.fields();
        StringBuilder cols = new StringBuilder();
        StringBuilder markers = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            position.put(fields.get(i).name(), i);
            cols.append(", ").append(EntityDefinition.column(fields.get(i)));
            markers.append(", ?");
        }
        this.columns = cols.toString();
        this.scope = def.scoped() ? EntityDefinition.column(def.organizationField()) + " = ? AND " : "";
        this.insertSql = "INSERT INTO " + def.table() + " (\"_key\", \"_seq\", \"_modified\"" + columns
                + ") VALUES (?, " + Sql.nextChange(dialect) + ", ?" + markers + ")";
    }

    int position(FieldSchema f) {
        return position.get(f.name());
    }

    /** @return the stored values of the row's fields, read from {@code first} on in field order */
    Object[] read(ResultSet rs, int first) throws SQLException {
        Object[] values = new Object[fields.size()];
        for (int f = 0; f < fields.size(); f++) {
            values[f] = ValueCodec.read(rs, first + f, fields.get(f));
        }
        return values;
    }

    /** @return the key text the values make, or {@code null} if a key field has no value */
    String keyText(Object[] values) {
        List<String> parts = new ArrayList<>(def.keyFields().size());
        for (FieldSchema kf : def.keyFields()) {
            Object v = values[position(kf)];
            if (v == null) {
                return null;
            }
            parts.add(v.toString());
        }
        return BusinessKey.joinText(parts);
    }

    /**
     * Merges a record's provided values into a row: a field left out keeps its value, a field sent as
     * {@code null} is cleared unless required, and a new row needs every required field.
     *
     * @param keysOptional whether key fields may stay empty (writes by id, where a surrogate stands in for them)
     * @return the row's new values, or {@code null} if the record was refused (its FAILED outcome is recorded)
     */
    Object[] merge(PreparedRecord p, Object[] base, boolean isNew, boolean keysOptional,
                   Map<Integer, WriteOutcome> outcomes) {
        Object[] next = base.clone();
        for (Map.Entry<String, Object> e : p.provided().entrySet()) {
            int i = position.get(e.getKey());
            FieldSchema f = fields.get(i);
            if (e.getValue() == null && f.required() && !(keysOptional && def.keyFields().contains(f))) {
                outcomes.put(p.index(), WriteOutcome.failed(p.reportedKey(), e.getKey(), "The '" + e.getKey()
                        + "' attribute of the '" + def.name() + "' entity is required and cannot be cleared"));
                return null;
            }
            if (!ValueCodec.same(next[i], e.getValue())) {
                next[i] = e.getValue();
            }
        }
        if (isNew) {
            for (int i = 0; i < fields.size(); i++) {
                FieldSchema f = fields.get(i);
                if (f.required() && !f.readOnly() && f != def.organizationField() && next[i] == null
                        && !(keysOptional && def.keyFields().contains(f))) {
                    outcomes.put(p.index(), WriteOutcome.failed(p.reportedKey(), f.name(), "The '" + f.name()
                            + "' attribute of the '" + def.name()
                            + "' entity is required; the new record has no value"));
                    return null;
                }
            }
        }
        return next;
    }

    /** @return whether two rows' values differ (decimals compared by value, not scale) */
    static boolean differ(Object[] a, Object[] b) {
        for (int i = 0; i < a.length; i++) {
            if (!ValueCodec.same(a[i], b[i])) {
                return true;
            }
        }
        return false;
    }

    /** @return the fields {@code which} accepts, as an UPDATE sets them */
    Assignments assignments(Predicate<FieldSchema> which) {
        List<Integer> positions = new ArrayList<>();
        StringBuilder sets = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (which.test(fields.get(i))) {
                positions.add(i);
                sets.append(", ").append(EntityDefinition.column(fields.get(i))).append(" = ?");
            }
        }
        return new Assignments(List.copyOf(positions), sets.toString());
    }

    /** @return the next parameter index after binding the row's values of the assigned fields from {@code first} */
    int bind(PreparedStatement ps, int first, Assignments assignments, Object[] values) throws SQLException {
        int p = first;
        for (int i : assignments.positions()) {
            ValueCodec.bind(ps, p++, fields.get(i), values[i]);
        }
        return p;
    }

    void bindInsert(PreparedStatement ps, PendingRow row, String org, Instant now) throws SQLException {
        ps.setString(1, row.keyText);
        ValueCodec.bindInstant(ps, 2, now);
        for (int i = 0; i < fields.size(); i++) {
            FieldSchema f = fields.get(i);
            ValueCodec.bind(ps, 3 + i, f, f == def.organizationField() ? org : row.values[i]);
        }
    }

    /**
     * Inserts the rows as {@link #execute} runs them: a JDBC batch of single-row INSERTs. Until the ninth session Derby
     * got 100 rows to a statement ({@code INSERT … SELECT … FROM (VALUES …)}, the change numbers drawn by the SELECT);
     * measured warm, that costs Derby more per row than the batch (a union of the rows and a normalization of each,
     * about 8 % more CPU for the same 100,000 rows in one JVM) and the hub leg ran 4 % faster without it in five
     * alternating pairs. It was measured faster when first written, on a cold JVM.
     */
    void insert(Connection c, List<PendingRow> rows, boolean isolate, Map<Integer, WriteOutcome> outcomes, String org,
                Instant now) throws SQLException {
        execute(c, insertSql, rows, isolate, outcomes, (ps, row) -> bindInsert(ps, row, org, now));
    }

    /**
     * Runs one statement for each row, as a JDBC batch or, when {@code isolate}, each under a savepoint so a
     * refused row fails only its own records. Transient failures are thrown, so the transaction is redone.
     */
    void execute(Connection c, String sql, List<PendingRow> rows, boolean isolate,
                 Map<Integer, WriteOutcome> outcomes, Binder binder) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (!isolate) {
                for (PendingRow row : rows) {
                    binder.bind(ps, row);
                    ps.addBatch();
                }
                ps.executeBatch();
                return;
            }
            for (PendingRow row : rows) {
                Savepoint sp = c.setSavepoint();
                try {
                    binder.bind(ps, row);
                    ps.executeUpdate();
                    c.releaseSavepoint(sp);
                } catch (SQLException e) {
                    if (Sql.isTransient(e)) {
                        throw e;
                    }
                    c.rollback(sp);
                    row.refused = true;
                    for (PreparedRecord p : row.records) {
                        outcomes.put(p.index(), WriteOutcome.failed(p.reportedKey(), null,
                                "The CDS environment refused the record: " + Sql.message(e)));
                    }
                }
            }
        }
    }

    /** Fields an UPDATE sets: their positions, and the {@code , "Field" = ?…} text that sets them. */
    record Assignments(List<Integer> positions, String sql) {
    }

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps, PendingRow row) throws SQLException;
    }
}
