package org.ferry.runtime.internal.run;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ferry.runtime.internal.run.RecordHashes.Written;

/**
 * The statements that change one leg's rows of {@code record_hashes} (and {@code record_source_ids}), inside the
 * transaction {@link RecordHashes} opens: what they cost is most of what the hash store costs a run, so how they are
 * written (key order, several rows to a statement, updates in place) is kept here, apart from when they run.
 */
final class HashRowWriter {
    private static final int ROWS_PER_INSERT = 100;
    private static final String INSERT = "INSERT INTO record_hashes(leg_id, business_key, digest, source_org) VALUES ";
    private static final String MULTI_ROW_INSERT = INSERT + String.join(", ",
            java.util.Collections.nCopies(ROWS_PER_INSERT, "(?, ?, ?, ?)"));

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
        int whole = rows.size() / ROWS_PER_INSERT * ROWS_PER_INSERT;
        if (whole > 0) {
            try (PreparedStatement ps = c.prepareStatement(MULTI_ROW_INSERT)) {
                for (int from = 0; from < whole; from += ROWS_PER_INSERT) {
                    int p = 1;
                    for (Map.Entry<String, Written> e : rows.subList(from, from + ROWS_PER_INSERT)) {
                        p = bindRow(ps, p, leg, e);
                    }
                    ps.executeUpdate();
                }
            }
        }
        if (whole < rows.size()) {
            try (PreparedStatement ps = c.prepareStatement(INSERT + "(?, ?, ?, ?)")) {
                for (Map.Entry<String, Written> e : rows.subList(whole, rows.size())) {
                    bindRow(ps, 1, leg, e);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /** The source id of each written key, replacing what the id named before (its record's key may have changed). */
    static void rememberSourceIds(Connection c, int leg, Map<String, Written> written) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE record_source_ids SET business_key = ? WHERE leg_id = ?"
                + " AND source_id = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO record_source_ids(leg_id, source_id, business_key)"
                     + " VALUES (?, ?, ?)")) {
            for (Map.Entry<String, Written> e : written.entrySet()) {
                String id = RunStore.truncate(e.getValue().sourceId(), 200);
                if (id == null) {
                    continue;
                }
                update.setString(1, e.getKey());
                update.setInt(2, leg);
                update.setString(3, id);
                if (update.executeUpdate() == 0) {
                    insert.setInt(1, leg);
                    insert.setString(2, id);
                    insert.setString(3, e.getKey());
                    insert.executeUpdate();
                }
            }
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
