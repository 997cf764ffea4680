package org.ferry.connectors.cds.internal.write;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.Value;
import org.ferry.api.error.ConnectorException;
import org.ferry.api.error.RecordException;
import org.ferry.connectors.cds.internal.schema.EntityDefinition;
import org.ferry.connectors.cds.internal.store.Environment;
import org.ferry.connectors.cds.internal.store.Sql;
import org.ferry.connectors.cds.internal.store.ValueCodec;

/**
 * Writes a batch by business key in one transaction per organization: records are converted and checked
 * first, lookups are resolved with one query per lookup field, the stored rows of the batch's keys are read
 * with one query, and then inserts and updates go as two JDBC batches. A record that changes nothing is
 * UNCHANGED and keeps its change number, so incremental readers do not see it again.
 *
 * <p>If the database still refuses a statement, the batch is redone with a savepoint per row so only the
 * refused records fail. Lock conflicts and a concurrent insert of the same key are retried from the start.
 */
public final class UpsertWriter {
    private final Environment env;
    private final EntityDefinition def;
    private final RecordConverter converter;
    private final LookupChecker lookups;
    private final List<FieldSchema> fields;
    private final Map<String, Integer> position = new HashMap<>();
    private final List<Integer> updatable = new ArrayList<>();
    private final String selectSql;
    private final String insertSql;
    private final String updateSql;

    public UpsertWriter(Environment env, EntityDefinition def) {
        this.env = env;
        this.def = def;
        this.converter = new RecordConverter(def, env.codec());
        this.lookups = new LookupChecker(env, def);
        this.fields = def.fields();
        StringBuilder columns = new StringBuilder();
        StringBuilder markers = new StringBuilder();
        StringBuilder sets = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            FieldSchema f = fields.get(i);
            position.put(f.name(), i);
            columns.append(", ").append(EntityDefinition.column(f));
            markers.append(", ?");
            if (f != def.organizationField() && !def.keyFields().contains(f)) {
                updatable.add(i);
                sets.append(", ").append(EntityDefinition.column(f)).append(" = ?");
            }
        }
        String scope = def.scoped() ? EntityDefinition.column(def.organizationField()) + " = ? AND " : "";
        this.selectSql = "SELECT \"_key\"" + columns + " FROM " + def.table() + " WHERE " + scope + "\"_key\" IN ";
        this.insertSql = "INSERT INTO " + def.table() + " (\"_key\", \"_seq\", \"_modified\"" + columns
                + ") VALUES (?, NEXT VALUE FOR CDS.CHANGE_SEQ, ?" + markers + ")";
        this.updateSql = "UPDATE " + def.table() + " SET \"_seq\" = NEXT VALUE FOR CDS.CHANGE_SEQ, \"_modified\" = ?"
                + sets + " WHERE " + scope + "\"_key\" = ?";
    }

    /**
     * @param scope the organization of the write, or {@code null} to take each record's own
     * @return one outcome per record, in order
     */
    public List<WriteOutcome> upsert(String scope, List<EntityRecord> records) {
        WriteOutcome[] outcomes = new WriteOutcome[records.size()];
        Map<String, List<PreparedRecord>> byOrganization = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            EntityRecord r = records.get(i);
            try {
                String org = def.scoped() ? organizationOf(r, scope) : "";
                byOrganization.computeIfAbsent(org, k -> new ArrayList<>()).add(converter.convert(i, r, org));
            } catch (RecordException e) {
                outcomes[i] = WriteOutcome.failed(r.key(), e.field(), e.getMessage());
            }
        }
        for (Map.Entry<String, List<PreparedRecord>> group : byOrganization.entrySet()) {
            writeGroup(group.getKey(), group.getValue()).forEach((i, o) -> outcomes[i] = o);
        }
        return List.of(outcomes);
    }

    private String organizationOf(EntityRecord r, String scope) {
        if (scope != null) {
            return scope;
        }
        if (r.organization() != null) {
            return r.organization();
        }
        Value v = r.get(def.organizationField().name());
        if (v == null || v.asText().isBlank()) {
            throw new RecordException(def.organizationField().name(), "The record has no organization: write it "
                    + "with an organization unit or give it '" + def.organizationField().name() + "'");
        }
        return v.asText();
    }

    private Map<Integer, WriteOutcome> writeGroup(String org, List<PreparedRecord> group) {
        try {
            return Retrying.changing(env, c -> attempt(c, org, group, false));
        } catch (SQLException batchFailed) {
            try {
                return Retrying.changing(env, c -> attempt(c, org, group, true));
            } catch (SQLException e) {
                throw new ConnectorException("Writing " + def.name() + " records to CDS environment '"
                        + env.name() + "' failed: " + Sql.message(e), e);
            }
        }
    }

    private Map<Integer, WriteOutcome> attempt(Connection c, String org, List<PreparedRecord> group, boolean isolate)
            throws SQLException {
        Map<Integer, WriteOutcome> outcomes = new HashMap<>();
        if (def.scoped() && !env.organizationExists(c, org)) {
            String message = OrganizationMessages.missing(env, c, org);
            group.forEach(p -> outcomes.put(p.index(),
                    WriteOutcome.failed(p.reportedKey(), def.organizationField().name(), message)));
            return outcomes;
        }
        List<PreparedRecord> live = lookups.check(c, org, group, outcomes);
        Map<String, Object[]> stored = load(c, org, live);
        Map<String, Pending> pending = new LinkedHashMap<>();
        for (PreparedRecord p : live) {
            plan(p, stored, pending, outcomes);
        }
        Instant now = Instant.now();
        List<Pending> inserts = new ArrayList<>();
        List<Pending> updates = new ArrayList<>();
        for (Pending row : pending.values()) {
            if (row.isNew) {
                inserts.add(row);
            } else if (row.dirty) {
                updates.add(row);
            }
        }
        execute(c, insertSql, inserts, isolate, outcomes, (ps, row) -> bindInsert(ps, row, org, now));
        execute(c, updateSql, updates, isolate, outcomes, (ps, row) -> bindUpdate(ps, row, org, now));
        if (!inserts.isEmpty() && env.hasTombstones(def.name())) {
            Tombstones.forget(c, def, org, inserts.stream().map(r -> r.keyText).toList());
        }
        return outcomes;
    }

    private void plan(PreparedRecord p, Map<String, Object[]> stored, Map<String, Pending> pending,
                      Map<Integer, WriteOutcome> outcomes) {
        Pending row = pending.get(p.keyText());
        boolean first = row == null;
        if (first) {
            Object[] existing = stored.get(p.keyText());
            row = existing == null ? new Pending(p.keyText(), new Object[fields.size()], true)
                    : new Pending(p.keyText(), existing, false);
        }
        Object[] next = row.values.clone();
        boolean changed = false;
        for (Map.Entry<String, Object> e : p.provided().entrySet()) {
            int i = position.get(e.getKey());
            if (e.getValue() == null && fields.get(i).required()) {
                outcomes.put(p.index(), WriteOutcome.failed(p.reportedKey(), e.getKey(), "The '" + e.getKey()
                        + "' attribute of the '" + def.name() + "' entity is required and cannot be cleared"));
                return;
            }
            if (!ValueCodec.same(next[i], e.getValue())) {
                next[i] = e.getValue();
                changed = true;
            }
        }
        if (row.isNew) {
            for (int i = 0; i < fields.size(); i++) {
                FieldSchema f = fields.get(i);
                if (f.required() && !f.readOnly() && f != def.organizationField() && next[i] == null) {
                    outcomes.put(p.index(), WriteOutcome.failed(p.reportedKey(), f.name(), "The '" + f.name()
                            + "' attribute of the '" + def.name() + "' entity is required; the new record has no value"));
                    return;
                }
            }
        }
        row.values = next;
        row.records.add(p);
        pending.putIfAbsent(p.keyText(), row);
        if (row.isNew && first) {
            outcomes.put(p.index(), WriteOutcome.inserted(p.reportedKey()));
        } else if (changed) {
            row.dirty = true;
            outcomes.put(p.index(), WriteOutcome.updated(p.reportedKey()));
        } else {
            outcomes.put(p.index(), WriteOutcome.unchanged(p.reportedKey()));
        }
    }

    /** @return the stored field values of the batch's keys, by key text */
    private Map<String, Object[]> load(Connection c, String org, List<PreparedRecord> live) throws SQLException {
        Map<String, Object[]> rows = new HashMap<>();
        List<String> keys = live.stream().map(PreparedRecord::keyText).distinct().toList();
        for (List<String> chunk : Sql.chunks(keys)) {
            int size = Sql.bucket(chunk.size());
            try (PreparedStatement ps = c.prepareStatement(selectSql + Sql.markers(size))) {
                int i = 1;
                if (def.scoped()) {
                    ps.setString(i++, org);
                }
                Sql.bindPadded(ps, i, chunk, size);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Object[] values = new Object[fields.size()];
                        for (int f = 0; f < fields.size(); f++) {
                            values[f] = ValueCodec.read(rs, f + 2, fields.get(f));
                        }
                        rows.put(rs.getString(1), values);
                    }
                }
            }
        }
        return rows;
    }

    private void bindInsert(PreparedStatement ps, Pending row, String org, Instant now) throws SQLException {
        ps.setString(1, row.keyText);
        ValueCodec.bindInstant(ps, 2, now);
        for (int i = 0; i < fields.size(); i++) {
            FieldSchema f = fields.get(i);
            ValueCodec.bind(ps, 3 + i, f, f == def.organizationField() ? org : row.values[i]);
        }
    }

    private void bindUpdate(PreparedStatement ps, Pending row, String org, Instant now) throws SQLException {
        ValueCodec.bindInstant(ps, 1, now);
        int p = 2;
        for (int i : updatable) {
            ValueCodec.bind(ps, p++, fields.get(i), row.values[i]);
        }
        if (def.scoped()) {
            ps.setString(p++, org);
        }
        ps.setString(p, row.keyText);
    }

    private void execute(Connection c, String sql, List<Pending> rows, boolean isolate,
                         Map<Integer, WriteOutcome> outcomes, Binder binder) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (!isolate) {
                for (Pending row : rows) {
                    binder.bind(ps, row);
                    ps.addBatch();
                }
                ps.executeBatch();
                return;
            }
            for (Pending row : rows) {
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
                    for (PreparedRecord p : row.records) {
                        outcomes.put(p.index(), WriteOutcome.failed(p.reportedKey(), null,
                                "The CDS environment refused the record: " + Sql.message(e)));
                    }
                }
            }
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps, Pending row) throws SQLException;
    }

    /** The row one key will have after the batch; several records of the batch may share it. */
    private static final class Pending {
        final String keyText;
        final boolean isNew;
        final List<PreparedRecord> records = new ArrayList<>(1);
        Object[] values;
        boolean dirty;

        Pending(String keyText, Object[] values, boolean isNew) {
            this.keyText = keyText;
            this.values = values;
            this.isNew = isNew;
        }
    }
}
