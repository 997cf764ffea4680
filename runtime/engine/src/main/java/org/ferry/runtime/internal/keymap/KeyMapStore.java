package org.ferry.runtime.internal.keymap;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.internal.store.Fence;
import org.ferry.runtime.internal.store.Jdbc;
import org.ferry.runtime.management.KeyMapEntry;

/**
 * The key maps of legs that sync without business keys: per map, source record id and target unit to the
 * target record's id, with the hash of what was last written. Lookups by id probe the primary key one id
 * at a time with one prepared statement (Derby uses IN lists only on an index's leading column).
 */
public final class KeyMapStore {
    /** A stored entry. {@code targetOrg} is {@code ""} where the target is unscoped. */
    public record Entry(String sourceId, String targetOrg, String sourceOrg, String targetId, String hash) {
    }

    /** The hash of an entry whose target record was deactivated: never equal to a record's hash. */
    public static final String DEACTIVATED = "deactivated";

    private final Database db;
    private final Fence fence;

    public KeyMapStore(Database db) {
        this(db, Fence.NONE);
    }

    /** @param fence checked by every write of entries: a run's lease */
    public KeyMapStore(Database db, Fence fence) {
        this.fence = fence;
        this.db = db;
    }

    /**
     * Drops the maps that read from or write to a connection being deleted, inside the caller's transaction: the
     * ids they hold name records of that connection's system, which no later connection can be assumed to reach.
     *
     * @return how many maps were dropped
     */
    public static int dropMapsOf(java.sql.Connection c, String connectionId) throws SQLException {
        String maps = "SELECT id FROM key_maps WHERE source_connection = ? OR target_connection = ?";
        try (PreparedStatement entries = c.prepareStatement("DELETE FROM key_map_entries WHERE map_id IN (" + maps + ")");
             PreparedStatement pairs = c.prepareStatement("DELETE FROM key_maps WHERE source_connection = ?"
                     + " OR target_connection = ?")) {
            for (PreparedStatement ps : List.of(entries, pairs)) {
                ps.setString(1, connectionId);
                ps.setString(2, connectionId);
            }
            entries.executeUpdate();
            return pairs.executeUpdate();
        }
    }

    /** @return the map's id, creating the map on first use */
    public int mapId(KeyMapPair pair) {
        Optional<Integer> existing = findMap(pair);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            return Jdbc.inTransaction(db, c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO key_maps(source_connection, source_entity,"
                        + " target_connection, target_entity, created_at) VALUES (?, ?, ?, ?, ?)",
                        Statement.RETURN_GENERATED_KEYS)) {
                    bindPair(ps, pair);
                    ps.setTimestamp(5, Timestamp.from(Instant.now()));
                    ps.executeUpdate();
                    try (ResultSet rs = ps.getGeneratedKeys()) {
                        rs.next();
                        return rs.getInt(1);
                    }
                }
            });
        } catch (Jdbc.StoreException e) {
            if (Jdbc.isIntegrityViolation(e.sqlException())) {
                return findMap(pair).orElseThrow(() -> e); // created meanwhile by another run
            }
            throw e;
        }
    }

    /** @return the map's id, if the pair has a map */
    public Optional<Integer> findMap(KeyMapPair pair) {
        return Jdbc.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM key_maps WHERE source_connection = ?"
                    + " AND source_entity = ? AND target_connection = ? AND target_entity = ?")) {
                bindPair(ps, pair);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
                }
            }
        });
    }

    /**
     * The maps a lookup can be translated through: from the source connection to one of the entities the
     * target field may refer to.
     *
     * @param sourceEntity the related record's entity at the source, or {@code null} if the reader did not say
     * @return map ids with the target entity each maps to
     */
    public Map<Integer, String> relatedMaps(String sourceConnection, String sourceEntity, String targetConnection,
                                            Collection<String> targetEntities) {
        Map<Integer, String> maps = new HashMap<>();
        Jdbc.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, source_entity, target_entity FROM key_maps"
                    + " WHERE source_connection = ? AND target_connection = ?")) {
                ps.setString(1, sourceConnection);
                ps.setString(2, targetConnection);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String target = rs.getString(3);
                        boolean sourceFits = sourceEntity == null || sourceEntity.equalsIgnoreCase(rs.getString(2));
                        if (sourceFits && targetEntities.stream().anyMatch(target::equalsIgnoreCase)) {
                            maps.put(rs.getInt(1), target);
                        }
                    }
                }
            }
            return null;
        });
        return maps;
    }

    /** @return the entries of these source ids in one target unit, by source id */
    public Map<String, Entry> find(int mapId, String targetOrg, Collection<String> sourceIds) {
        Map<String, Entry> found = new HashMap<>();
        if (sourceIds.isEmpty()) {
            return found;
        }
        return Jdbc.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT source_org, target_id, hash FROM key_map_entries"
                    + " WHERE map_id = ? AND source_id = ? AND target_org = ?")) {
                ps.setInt(1, mapId);
                ps.setString(3, targetOrg);
                for (String id : sourceIds) {
                    ps.setString(2, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            found.put(id, new Entry(id, targetOrg, rs.getString(1), rs.getString(2), rs.getString(3)));
                        }
                    }
                }
            }
            return found;
        });
    }

    /** @return every entry of these source ids, in whatever target units they were written to */
    public List<Entry> findAnyUnit(int mapId, Collection<String> sourceIds) {
        List<Entry> found = new ArrayList<>();
        return Jdbc.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT target_org, source_org, target_id, hash"
                    + " FROM key_map_entries WHERE map_id = ? AND source_id = ?")) {
                ps.setInt(1, mapId);
                for (String id : sourceIds) {
                    ps.setString(2, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.add(new Entry(id, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                        }
                    }
                }
            }
            return found;
        });
    }

    /**
     * Stores what the target acknowledged, in one transaction: an entry per source id and unit, replaced.
     *
     * @param stored whether an entry already has a row (the caller just read them with {@link #find}; a project
     *               never runs twice at once), so new ones are inserted in one batch without a failed update first
     */
    public void remember(int mapId, Collection<Entry> entries, java.util.function.Predicate<Entry> stored,
                         String projectId, String runId) {
        if (entries.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        Jdbc.fenced(db, fence, c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE key_map_entries SET source_org = ?, target_id = ?,"
                    + " hash = ?, project_id = ?, run_id = ?, updated_at = ? WHERE map_id = ? AND source_id = ?"
                    + " AND target_org = ?");
                 PreparedStatement insert = c.prepareStatement("INSERT INTO key_map_entries(source_org, target_id, hash,"
                         + " project_id, run_id, updated_at, map_id, source_id, target_org)"
                         + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                List<Entry> fresh = new ArrayList<>();
                for (Entry e : entries) {
                    if (!stored.test(e)) {
                        fresh.add(e);
                        continue;
                    }
                    bindEntry(update, e, mapId, projectId, runId, now);
                    if (update.executeUpdate() == 0) {
                        fresh.add(e); // forgotten meanwhile by an admin
                    }
                }
                for (Entry e : fresh) {
                    bindEntry(insert, e, mapId, projectId, runId, now);
                    insert.addBatch();
                }
                if (!fresh.isEmpty()) {
                    insert.executeBatch();
                }
            }
            return null;
        });
    }

    /** Forgets entries (deleted in the target, or by an admin). */
    public void forget(int mapId, Collection<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        Jdbc.fenced(db, fence, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM key_map_entries WHERE map_id = ? AND source_id = ?"
                    + " AND target_org = ?")) {
                for (Entry e : entries) {
                    ps.setInt(1, mapId);
                    ps.setString(2, e.sourceId());
                    ps.setString(3, e.targetOrg());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /**
     * Forgets one source id's entries, or the whole map's, in the caller's transaction.
     *
     * @return how many entries were forgotten
     */
    public static int forget(java.sql.Connection c, int mapId, String sourceId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM key_map_entries WHERE map_id = ?"
                + (sourceId == null ? "" : " AND source_id = ?"))) {
            ps.setInt(1, mapId);
            if (sourceId != null) {
                ps.setString(2, sourceId);
            }
            return ps.executeUpdate();
        }
    }

    /**
     * @param seen whether the run's complete read saw a source id
     * @param after the source id the last page ended with ({@code null}: from the start)
     * @return entries this project wrote that the read did not see, in source id order after {@code after}, at most
     * {@code limit}
     */
    public List<Entry> unseen(int mapId, String projectId, Predicate<String> seen, String after, int limit) {
        return Jdbc.read(db, c -> {
            List<Entry> result = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT source_id, target_org, source_org, target_id, hash"
                    + " FROM key_map_entries WHERE map_id = ? AND project_id = ? AND hash <> '" + DEACTIVATED + "'"
                    + (after == null ? "" : " AND source_id > ?") + " ORDER BY source_id, target_org")) {
                ps.setInt(1, mapId);
                ps.setString(2, projectId);
                if (after != null) {
                    ps.setString(3, after);
                }
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (result.size() < limit && rs.next()) {
                        if (!seen.test(rs.getString(1))) {
                            result.add(new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getString(5)));
                        }
                    }
                }
            }
            return result;
        });
    }

    /**
     * @return how many entries this project wrote, and how many of them a run's complete read did not see (one pass,
     * 1,000 rows to a fetch; in a transaction, as PostgreSQL's driver otherwise fetches every row at once, and not
     * under the run's fence, whose lock would hold the lease's renewal back while a large map is read)
     */
    public long[] seenCounts(int mapId, String projectId, Predicate<String> seen) {
        return Jdbc.read(db, c -> {
            long[] counts = new long[2];
            try (PreparedStatement ps = c.prepareStatement("SELECT source_id FROM key_map_entries WHERE map_id = ?"
                    + " AND project_id = ? AND hash <> '" + DEACTIVATED + "'")) {
                ps.setInt(1, mapId);
                ps.setString(2, projectId);
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counts[0]++;
                        if (!seen.test(rs.getString(1))) {
                            counts[1]++;
                        }
                    }
                }
            }
            return counts;
        });
    }

    /** @return a page of a map's entries, ordered by source organization and source id */
    public List<KeyMapEntry> list(int mapId, String sourceId, int offset, int limit) {
        return Jdbc.read(db, c -> {
            List<KeyMapEntry> result = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT source_org, source_id, target_id, target_org, run_id,"
                    + " updated_at FROM key_map_entries WHERE map_id = ?" + (sourceId == null ? "" : " AND source_id = ?")
                    + " ORDER BY source_org, source_id, target_org OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
                int i = 1;
                ps.setInt(i++, mapId);
                if (sourceId != null) {
                    ps.setString(i++, sourceId);
                }
                ps.setInt(i++, offset);
                ps.setInt(i, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String targetOrg = rs.getString(4);
                        result.add(new KeyMapEntry(rs.getString(1), rs.getString(2), rs.getString(3),
                                targetOrg.isEmpty() ? null : targetOrg, rs.getString(5), Jdbc.instant(rs, "updated_at")));
                    }
                }
            }
            return result;
        });
    }

    private static void bindPair(PreparedStatement ps, KeyMapPair pair) throws SQLException {
        ps.setString(1, pair.sourceConnection());
        ps.setString(2, pair.sourceEntity());
        ps.setString(3, pair.targetConnection());
        ps.setString(4, pair.targetEntity());
    }

    private static void bindEntry(PreparedStatement ps, Entry e, int mapId, String projectId, String runId, Timestamp now)
            throws SQLException {
        ps.setString(1, e.sourceOrg());
        ps.setString(2, e.targetId());
        ps.setString(3, e.hash());
        ps.setString(4, projectId);
        ps.setString(5, runId);
        ps.setTimestamp(6, now);
        ps.setInt(7, mapId);
        ps.setString(8, e.sourceId());
        ps.setString(9, e.targetOrg());
    }
}
