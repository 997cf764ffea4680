package org.ferry.connectors.cds.internal.write;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.EntityRecord;
import org.ferry.connectors.cds.internal.schema.EntityDefinition;
import org.ferry.connectors.cds.internal.store.Environment;
import org.ferry.connectors.cds.internal.store.KeyFilter;
import org.ferry.connectors.cds.internal.store.Sql;
import org.ferry.connectors.cds.internal.store.ValueCodec;
import org.ferry.store.Dialect;

/**
 * Writes a batch by business key in one transaction per organization ({@link OrganizationBatches}): the
 * stored rows of the batch's keys are read with one query, and then inserts and updates go as two JDBC
 * batches. A record that changes nothing is UNCHANGED and keeps its change number, so incremental readers do
 * not see it again.
 */
public final class UpsertWriter {
    private final Environment env;
    private final EntityDefinition def;
    private final RecordConverter converter;
    private final TableRows rows;
    private final OrganizationBatches batches;
    private final ChangedFieldUpdates updates;
    private final String selectSql;
    private final String greatestKeySql;
    /** The keys the table may hold; {@code null} on PostgreSQL. */
    private final KeyFilter keys;

    public UpsertWriter(Environment env, EntityDefinition def) {
        this.env = env;
        this.def = def;
        this.converter = new RecordConverter(def, env.codec());
        this.rows = new TableRows(def, env.dialect());
        this.batches = new OrganizationBatches(env, def);
        this.keys = env.keyFilter(def);
        // The key is the row's address, so a write by key never changes it.
        TableRows.Assignments updatable = rows.assignments(f -> f != def.organizationField() && !def.keyFields().contains(f));
        this.selectSql = "SELECT \"_key\"" + rows.columns + " FROM " + def.table() + " WHERE " + rows.scope
                + "\"_key\" IN ";
        this.greatestKeySql = "SELECT MAX(\"_key\") FROM " + def.table();
        this.updates = new ChangedFieldUpdates(rows, updatable, set -> "UPDATE " + def.table() + " SET \"_seq\" = "
                + Sql.nextChange(env.dialect()) + ", \"_modified\" = ?" + set.sql() + " WHERE " + rows.scope + "\"_key\" = ?");
    }

    /**
     * @param scope the organization of the write, or {@code null} to take each record's own
     * @return one outcome per record, in order
     */
    public List<WriteOutcome> upsert(String scope, List<EntityRecord> records) {
        List<WriteOutcome> outcomes = batches.write(scope, records, converter::convert, this::write);
        env.inserted(def, outcomes);
        return outcomes;
    }

    private void write(Connection c, String org, List<PreparedRecord> live, boolean isolate,
                       Map<Integer, WriteOutcome> outcomes) throws SQLException {
        Map<String, Object[]> stored = load(c, org, live);
        Map<String, PendingRow> pending = new LinkedHashMap<>();
        for (PreparedRecord p : live) {
            plan(p, stored, pending, outcomes);
        }
        Instant now = Instant.now();
        List<PendingRow> inserts = new ArrayList<>();
        List<PendingRow> updates = new ArrayList<>();
        for (PendingRow row : pending.values()) {
            if (row.isNew) {
                inserts.add(row);
            } else if (row.dirty) {
                updates.add(row);
            }
        }
        try {
            rows.insert(c, inserts, isolate, outcomes, org, now);
        } catch (SQLException e) {
            if (keys != null && Sql.isKeyRace(e)) {
                keys.forget();
            }
            throw e;
        }
        if (keys != null) {
            keys.added(org, inserts.stream().filter(r -> !r.refused).map(r -> r.keyText).toList());
        }
        this.updates.execute(c, updates, isolate, outcomes, (ps, row, set) -> bindUpdate(ps, row, set, org, now));
        if (!inserts.isEmpty() && env.hasTombstones(def.name())) {
            Tombstones.forget(c, def, org, inserts.stream().map(r -> r.keyText).toList());
        }
    }

    private void plan(PreparedRecord p, Map<String, Object[]> stored, Map<String, PendingRow> pending,
                      Map<Integer, WriteOutcome> outcomes) {
        PendingRow row = pending.get(p.keyText());
        if (row == null) {
            Object[] existing = stored.get(p.keyText());
            row = existing == null ? new PendingRow(p.keyText(), null, new Object[rows.fields.size()], true)
                    : new PendingRow(p.keyText(), null, existing, false);
        }
        Object[] next = rows.merge(p, row.values, row.isNew, false, outcomes);
        if (next == null) {
            return;
        }
        row.take(p, next, TableRows.differ(row.values, next), outcomes);
        pending.putIfAbsent(p.keyText(), row);
    }

    /**
     * @return the stored field values of the batch's keys, by key text. Only the keys the table may hold are looked up
     *         ({@link KeyFilter}); until the filter is built, none when they all lie above the table's greatest key, and
     *         a batch that finds fewer than half of its keys stored builds it for the batches that follow.
     */
    private Map<String, Object[]> load(Connection c, String org, List<PreparedRecord> live) throws SQLException {
        Map<String, Object[]> found = new HashMap<>();
        List<String> batchKeys = live.stream().map(PreparedRecord::keyText).distinct().toList();
        List<String> lookedUp = batchKeys;
        if (keys != null && keys.ready()) {
            lookedUp = keys.mayHold(org, batchKeys);
        } else if (noneStored(c, batchKeys)) {
            return found;
        }
        if (!lookedUp.isEmpty()) {
            Sql.selectIn(c, selectSql, def.scoped() ? List.of(org) : List.of(),
                    lookedUp, rs -> found.put(rs.getString(1), rows.read(rs, 2)));
        }
        if (keys != null && !keys.ready() && found.size() * 2 < batchKeys.size()) {
            keys.build(c);
        }
        return found;
    }

    /**
     * @return whether the table provably holds none of the keys: each is above the greatest key it holds, which one
     *         read of the key index's last entry gives. A first load in key order (an export sorted by its key, a
     *         generated source) so skips the look-up of its batch's keys, most of the hub's cost besides the inserts.
     *         Derby only, where text compares by UTF-16 unit, as {@link String#compareTo} does, once no key holds a
     *         character at or below the space that Derby's padded comparison would place differently; a PostgreSQL
     *         collation may order text otherwise. A key inserted by a concurrent writer meanwhile fails the insert as
     *         a key race, and the transaction is redone (it then sees that key).
     */
    private boolean noneStored(Connection c, List<String> keys) throws SQLException {
        if (env.dialect() != Dialect.DERBY) {
            return false;
        }
        String least = null;
        for (String key : keys) {
            if (hasPaddingCharacter(key)) {
                return false;
            }
            if (least == null || key.compareTo(least) < 0) {
                least = key;
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(greatestKeySql)) {
            String greatest = rs.next() ? rs.getString(1) : null;
            return greatest == null || least.compareTo(greatest) > 0;
        }
    }

    private static boolean hasPaddingCharacter(String key) {
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) <= ' ') {
                return true;
            }
        }
        return false;
    }

    private void bindUpdate(PreparedStatement ps, PendingRow row, TableRows.Assignments set, String org, Instant now)
            throws SQLException {
        ValueCodec.bindInstant(ps, 1, now);
        int p = rows.bind(ps, 2, set, row.values);
        if (def.scoped()) {
            ps.setString(p++, org);
        }
        ps.setString(p, row.keyText);
    }
}
