package org.ferry.runtime.internal.run;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.ferry.runtime.internal.run.RecordHashes.Written;

/**
 * The statements that change one leg's rows of {@code record_hashes} (and {@code record_source_ids}), inside the
 * transaction {@link RecordHashes} opens: what they cost is most of what the hash store costs a run, so how they are
 * written (key order, several rows to a statement, updates in place) is kept here, apart from when they run.
 */
final class HashRowWriter {
    private static final int ROWS_PER_INSERT = 100;
    private static final RowsInsert HASH_INSERT = RowsInsert.into("record_hashes", "leg_id, business_key, digest, source_org", 4);
    private static final RowsInsert SOURCE_ID_INSERT = RowsInsert.into("record_source_ids", "leg_id, source_id, business_key", 3);

    private HashRowWriter() {
    }

    static void delete(Connection c, int leg, Collection<String> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        try (PreparedStatement del = c.prepareStatement("DELETE FROM record_hashes WHERE leg_id = ? AND business_key = ?")) {
            for (String key : keys) {
                bind(del, leg, key);
                del.addBatch();
            }
            del.executeBatch();
        }
    }

    /**
     * Updates the rows in key order, as {@link #insert} inserts them.
     *
     * @return the rows that had no row to update after all (the caller was wrong about them): to be inserted
     */
    static Map<String, Written> update(Connection c, int leg, Map<String, Written> rows) throws SQLException {
        if (rows.isEmpty()) {
            return Map.of();
        }
        List<Map.Entry<String, Written>> ordered = new ArrayList<>(rows.entrySet());
        int[] counts;
        // the text of a hash stored before version 9 goes: the digest now answers for the row
        try (PreparedStatement ps = c.prepareStatement("UPDATE record_hashes SET digest = ?, hash = NULL, source_org = ?"
                + " WHERE leg_id = ? AND business_key = ?")) {
            for (Map.Entry<String, Written> e : ordered) {
                ps.setLong(1, e.getValue().hash());
                ps.setString(2, e.getValue().sourceOrganization());
                ps.setInt(3, leg);
                ps.setString(4, e.getKey());
                ps.addBatch();
            }
            counts = ps.executeBatch();
        }
        Map<String, Written> missing = new HashMap<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                missing.put(ordered.get(i).getKey(), ordered.get(i).getValue());
            }
        }
        return missing;
    }

    /**
     * Inserts the rows {@value #ROWS_PER_INSERT} to a statement ({@code INSERT … VALUES (…), (…), …}): Derby runs a
     * batch of single-row INSERTs as one statement execution per row, and those executions, not the rows written,
     * were most of this store's CPU. The remainder goes as a batch of single rows.
     */
    static void insert(Connection c, int leg, Map<String, Written> written) throws SQLException {
        if (written.isEmpty()) {
            return;
        }
        List<Map.Entry<String, Written>> rows = new ArrayList<>(written.entrySet());
        // In key order: the batch arrives as a hash map, and rows inserted in random order split the primary key's
        // leaves in the middle, moving half a page (each row moved logged) for every few rows; in key order a leaf
        // fills from the left (a fifth of the hash store's CPU in the hub leg's profile)
        rows.sort(Map.Entry.comparingByKey());
        insertRows(c, HASH_INSERT, rows, (ps, p, e) -> bindRow(ps, p, leg, e));
    }

    /**
     * The source id of each written key, replacing what the id named before (its record's key may have changed). Each
     * id is looked up first, with one prepared statement: an id that names the same key already is left alone (the
     * usual case for a changed record), one that named another key is updated, and the new ones are inserted
     * {@value #ROWS_PER_INSERT} to a statement in id order. An UPDATE tried for every id, and an INSERT of its own
     * after each that found nothing, were two statement executions for every new record of a leg that propagates
     * deletions, where its hashes take a hundredth of one.
     */
    static void rememberSourceIds(Connection c, int leg, Map<String, Written> written) throws SQLException {
        Map<String, String> keyOfId = new TreeMap<>();
        written.forEach((key, w) -> {
            String id = RunStore.truncate(w.sourceId(), 200);
            if (id != null) {
                keyOfId.put(id, key);
            }
        });
        if (keyOfId.isEmpty()) {
            return;
        }
        Map<String, String> held = keysOfSourceIds(c, leg, keyOfId.keySet());
        List<Map.Entry<String, String>> moved = new ArrayList<>();
        List<Map.Entry<String, String>> added = new ArrayList<>();
        for (Map.Entry<String, String> e : keyOfId.entrySet()) {
            String before = held.get(e.getKey());
            if (before == null) {
                added.add(e);
            } else if (!e.getValue().equals(before)) {
                moved.add(e);
            }
        }
        if (!moved.isEmpty()) {
            try (PreparedStatement update = c.prepareStatement("UPDATE record_source_ids SET business_key = ?"
                    + " WHERE leg_id = ? AND source_id = ?")) {
                for (Map.Entry<String, String> e : moved) {
                    update.setString(1, e.getValue());
                    update.setInt(2, leg);
                    update.setString(3, e.getKey());
                    update.addBatch();
                }
                update.executeBatch();
            }
        }
        insertRows(c, SOURCE_ID_INSERT, added, (ps, p, e) -> {
            ps.setInt(p, leg);
            ps.setString(p + 1, e.getKey());
            ps.setString(p + 2, e.getValue());
            return p + 3;
        });
    }

    /**
     * @param ids source ids, as stored (truncated); looked up in their iteration order, one prepared statement each
     * @return the business key each stored id names (ids the leg does not hold are absent)
     */
    static Map<String, String> keysOfSourceIds(Connection c, int leg, Collection<String> ids) throws SQLException {
        Map<String, String> keys = new HashMap<>();
        try (PreparedStatement probe = c.prepareStatement("SELECT business_key FROM record_source_ids WHERE leg_id = ?"
                + " AND source_id = ?")) {
            probe.setInt(1, leg);
            for (String id : ids) {
                probe.setString(2, id);
                try (ResultSet rs = probe.executeQuery()) {
                    if (rs.next()) {
                        keys.put(id, rs.getString(1));
                    }
                }
            }
        }
        return keys;
    }

    /** Binds one row of a multi-row INSERT from its {@code first} parameter, and answers the parameter after it. */
    private interface RowBinder<T> {
        int bind(PreparedStatement ps, int first, T row) throws SQLException;
    }

    /**
     * Inserts the rows (in the order given) {@value #ROWS_PER_INSERT} to a statement, the remainder as a batch of
     * single rows.
     */
    private static <T> void insertRows(Connection c, RowsInsert sql, List<T> rows, RowBinder<T> binder)
            throws SQLException {
        int whole = rows.size() / ROWS_PER_INSERT * ROWS_PER_INSERT;
        if (whole > 0) {
            try (PreparedStatement ps = c.prepareStatement(sql.many())) {
                for (int from = 0; from < whole; from += ROWS_PER_INSERT) {
                    int p = 1;
                    for (T row : rows.subList(from, from + ROWS_PER_INSERT)) {
                        p = binder.bind(ps, p, row);
                    }
                    ps.executeUpdate();
                }
            }
        }
        if (whole < rows.size()) {
            try (PreparedStatement ps = c.prepareStatement(sql.one())) {
                for (T row : rows.subList(whole, rows.size())) {
                    binder.bind(ps, 1, row);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /** The text of an INSERT of one row and of {@value #ROWS_PER_INSERT} rows into the same columns. */
    private record RowsInsert(String one, String many) {
        static RowsInsert into(String table, String columns, int count) {
            String head = "INSERT INTO " + table + "(" + columns + ") VALUES ";
            String row = "(" + String.join(", ", Collections.nCopies(count, "?")) + ")";
            return new RowsInsert(head + row, head + String.join(", ", Collections.nCopies(ROWS_PER_INSERT, row)));
        }
    }

    /** @return the parameter after binding one row of an INSERT from {@code first} */
    private static int bindRow(PreparedStatement ps, int first, int leg, Map.Entry<String, Written> row) throws SQLException {
        ps.setInt(first, leg);
        ps.setString(first + 1, row.getKey());
        ps.setLong(first + 2, row.getValue().hash());
        ps.setString(first + 3, row.getValue().sourceOrganization());
        return first + 4;
    }

    private static void bind(PreparedStatement ps, int leg, String key) throws SQLException {
        ps.setInt(1, leg);
        ps.setString(2, key);
    }
}
