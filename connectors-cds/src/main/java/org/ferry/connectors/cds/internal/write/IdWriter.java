package org.ferry.connectors.cds.internal.write;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.error.RecordException;
import org.ferry.connectors.cds.internal.schema.EntityDefinition;
import org.ferry.connectors.cds.internal.schema.KeyText;
import org.ferry.connectors.cds.internal.store.Environment;
import org.ferry.connectors.cds.internal.store.KeyFilter;
import org.ferry.connectors.cds.internal.store.Sql;
import org.ferry.connectors.cds.internal.store.ValueCodec;

/**
 * Writes a batch by hub id, for entities synced through a key map: a record without an id creates a row, a
 * record with an id updates that row with the fields it carries, and an id that no longer exists (deleted
 * since) creates a row anew, with a new id. Conversion, required fields, lengths, lookups, organizations,
 * the transaction per organization and its retries are those of writes by key ({@link OrganizationBatches},
 * {@link TableRows}); the row's {@code _key} is decided by {@link RowKeys}. A record that changes nothing is
 * UNCHANGED and keeps its change number. Every outcome but FAILED carries the row's id as readers report it
 * in {@link EntityRecord#sourceId()}.
 */
public final class IdWriter {
    private final Environment env;
    private final EntityDefinition def;
    private final RecordConverter converter;
    private final TableRows rows;
    private final OrganizationBatches batches;
    private final ChangedFieldUpdates updates;
    private final String selectSql;

    public IdWriter(Environment env, EntityDefinition def) {
        this.env = env;
        this.def = def;
        this.converter = new RecordConverter(def, env.codec());
        this.rows = new TableRows(def, env.dialect());
        this.batches = new OrganizationBatches(env, def);
        TableRows.Assignments updatable = rows.assignments(f -> f != def.organizationField());
        // Rows are found by id alone, so an id of another organization is recognised as such, not as gone.
        this.selectSql = "SELECT \"_id\", \"_key\"" + rows.columns + " FROM " + def.table() + " WHERE \"_id\" IN ";
        this.updates = new ChangedFieldUpdates(rows, updatable, set -> "UPDATE " + def.table() + " SET \"_seq\" = "
                + Sql.nextChange(env.dialect()) + ", \"_modified\" = ?, \"_key\" = ?" + set.sql() + " WHERE \"_id\" = ?");
    }

    /**
     * @param scope the organization of the write, or {@code null} to take each record's own
     * @return one outcome per record, in order
     */
    public List<WriteOutcome> write(String scope, List<EntityRecord> records) {
        List<WriteOutcome> outcomes = batches.write(scope, records, this::prepare, this::write);
        env.inserted(def, outcomes);
        return outcomes;
    }

    private PreparedRecord prepare(int index, EntityRecord r, String org) {
        Long id = null;
        if (r.sourceId() != null) {
            id = KeyText.parseId(r.sourceId());
            if (id == null) {
                throw new RecordException(null, KeyText.notAnId(def.name(), r.sourceId()));
            }
        }
        return converter.convertById(index, r, org, id);
    }

    private void write(Connection c, String org, List<PreparedRecord> live, boolean isolate,
                       Map<Integer, WriteOutcome> outcomes) throws SQLException {
        Map<Long, PendingRow> byId = load(c, live);
        RowKeys keys = new RowKeys(env, rows, c, org);
        keys.prefetch(live.stream().map(p -> candidateKey(p, byId)).toList());
        List<PendingRow> planned = new ArrayList<>();
        for (PreparedRecord p : live) {
            plan(p, org, byId, keys, planned, outcomes);
        }
        keys.refuseReferencedKeyChanges(planned, outcomes);
        keys.assignSurrogates(planned, outcomes);
        Instant now = Instant.now();
        List<PendingRow> inserts = planned.stream().filter(r -> r.isNew && !r.refused).toList();
        List<PendingRow> updates = planned.stream().filter(r -> !r.isNew && r.dirty && !r.refused).toList();
        rows.insert(c, inserts, isolate, outcomes, org, now);
        this.updates.execute(c, updates, isolate, outcomes, (ps, row, set) -> bindUpdate(ps, row, set, now));
        learnIds(c, org, inserts);
        KeyFilter filter = env.keyFilter(def);
        if (filter != null) { // the keys of new rows, and those an update changed to
            filter.added(org, planned.stream().filter(r -> !r.refused && r.keyText != null).map(r -> r.keyText).toList());
        }
        List<String> newKeys = planned.stream().filter(r -> !r.refused && !r.keyText.equals(r.storedKey))
                .map(r -> r.keyText).toList();
        if (!newKeys.isEmpty() && env.hasTombstones(def.name())) {
            Tombstones.forget(c, def, org, newKeys);
        }
        for (PendingRow row : planned) {
            for (PreparedRecord p : row.records) {
                WriteOutcome o = outcomes.get(p.index());
                if (!row.refused && o.status() != WriteOutcome.Status.FAILED) {
                    outcomes.put(p.index(), o.withId(Long.toString(row.id)));
                }
            }
        }
    }

    private void plan(PreparedRecord p, String org, Map<Long, PendingRow> byId, RowKeys keys,
                      List<PendingRow> planned, Map<Integer, WriteOutcome> outcomes) throws SQLException {
        PendingRow row = p.id() == null ? null : byId.get(p.id());
        if (row == null) {
            row = new PendingRow(null, null, new Object[rows.fields.size()], true);
            if (p.id() != null) {
                // An id that is gone is created anew once, however many records of the batch name it.
                byId.put(p.id(), row);
            }
        } else if (def.scoped() && !row.isNew && !org.equals(row.values[rows.position(def.organizationField())])) {
            outcomes.put(p.index(), WriteOutcome.failed(p.reportedKey(), def.organizationField().name(), "The "
                    + def.name() + " record with id " + p.id() + " belongs to organization '"
                    + row.values[rows.position(def.organizationField())] + "', not to '" + org + "'"));
            return;
        }
        Object[] next = rows.merge(p, row.values, row.isNew, true, outcomes);
        String keyBefore = row.keyText;
        if (next == null || !keys.decide(row, next, p, outcomes)) {
            return;
        }
        if (row.records.isEmpty()) {
            planned.add(row);
        }
        row.take(p, next, TableRows.differ(row.values, next) || !Objects.equals(keyBefore, row.keyText), outcomes);
    }

    /** @return the key text the record would give its row if it were the batch's only record for it */
    private String candidateKey(PreparedRecord p, Map<Long, PendingRow> byId) {
        PendingRow stored = p.id() == null ? null : byId.get(p.id());
        Object[] values = stored == null ? new Object[rows.fields.size()] : stored.values.clone();
        for (FieldSchema kf : def.keyFields()) {
            if (p.provided().containsKey(kf.name())) {
                values[rows.position(kf)] = p.provided().get(kf.name());
            }
        }
        return rows.keyText(values);
    }

    /** @return the stored rows of the batch's ids, by id */
    private Map<Long, PendingRow> load(Connection c, List<PreparedRecord> live) throws SQLException {
        Map<Long, PendingRow> found = new HashMap<>();
        List<Long> ids = live.stream().map(PreparedRecord::id).filter(id -> id != null).distinct().toList();
        Sql.selectIn(c, selectSql, List.of(), ids, rs -> found.put(rs.getLong(1),
                new PendingRow(rs.getString(2), rs.getLong(1), rows.read(rs, 3), false)));
        return found;
    }

    /** Reads the ids the database gave the inserted rows, by their keys. */
    private void learnIds(Connection c, String org, List<PendingRow> inserts) throws SQLException {
        Map<String, PendingRow> byKey = new HashMap<>();
        inserts.stream().filter(r -> !r.refused).forEach(r -> byKey.put(r.keyText, r));
        Sql.selectIn(c, "SELECT \"_key\", \"_id\" FROM " + def.table() + " WHERE " + rows.scope + "\"_key\" IN ",
                def.scoped() ? List.of(org) : List.of(), new ArrayList<>(byKey.keySet()),
                rs -> byKey.get(rs.getString(1)).id = rs.getLong(2));
    }

    private void bindUpdate(PreparedStatement ps, PendingRow row, TableRows.Assignments set, Instant now)
            throws SQLException {
        ValueCodec.bindInstant(ps, 1, now);
        ps.setString(2, row.keyText);
        ps.setLong(rows.bind(ps, 3, set, row.values), row.id);
    }
}
