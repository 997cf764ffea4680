package org.ferry.runtime.internal.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.Value;
import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.internal.store.Fence;
import org.ferry.runtime.internal.store.Jdbc;

/**
 * What a leg remembers between runs: the source's checkpoint, and per business key the hash of the
 * record last written and the organization it came from. Hashes let a leg skip records that did not
 * change when the source cannot say what changed; the organization lets it notice two records of
 * different source units claiming the same key.
 */
final class LegState {
    /** The last written state of one key. */
    record Written(String hash, String sourceOrganization, String sourceId) implements HashWriteBehind.Acknowledged {
        @Override
        public Written written() {
            return this;
        }
    }

    private final Database db;
    private final String projectId;
    private final String legKey;
    /** Checked by every write: the run's lease (a node that lost it must not move a checkpoint or a hash). */
    private final Fence fence;
    /** The leg's surrogate id in {@code legs}, found or made on first use; hashes are keyed by it. */
    private Integer legId;

    LegState(Database db, String projectId, String legKey) {
        this(db, projectId, legKey, Fence.NONE);
    }

    LegState(Database db, String projectId, String legKey, Fence fence) {
        this.fence = fence;
        this.db = db;
        this.projectId = projectId;
        this.legKey = legKey;
    }

    String projectId() {
        return projectId;
    }

    /**
     * @return the leg's id, registering the leg on first use. Synchronized: the run thread probes and the
     * write-behind thread stores with the same state; a project never runs twice at once, so no other
     * process registers the same leg meanwhile.
     */
    private synchronized int legId(Connection c) throws SQLException {
        if (legId == null) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM legs WHERE project_id = ? AND leg_key = ?")) {
                ps.setString(1, projectId);
                ps.setString(2, legKey);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        legId = rs.getInt(1);
                        return legId;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO legs(project_id, leg_key) VALUES (?, ?)",
                    java.sql.Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, projectId);
                ps.setString(2, legKey);
                ps.executeUpdate();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    rs.next();
                    legId = rs.getInt(1);
                }
            }
        }
        return legId;
    }

    Optional<String> checkpoint() {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT token FROM checkpoints WHERE project_id = ? AND leg_key = ?")) {
            ps.setString(1, projectId);
            ps.setString(2, legKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read a checkpoint: " + e.getMessage(), e);
        }
    }

    void saveCheckpoint(String token) {
        try {
            Jdbc.fenced(db, fence, c -> {
                try (PreparedStatement del = c.prepareStatement("DELETE FROM checkpoints WHERE project_id = ? AND leg_key = ?");
                     PreparedStatement ins = c.prepareStatement("INSERT INTO checkpoints(project_id, leg_key, token, updated_at)"
                             + " VALUES (?, ?, ?, ?)")) {
                    del.setString(1, projectId);
                    del.setString(2, legKey);
                    del.executeUpdate();
                    ins.setString(1, projectId);
                    ins.setString(2, legKey);
                    ins.setString(3, token);
                    ins.setTimestamp(4, Timestamp.from(Instant.now()));
                    ins.executeUpdate();
                }
                return null;
            });
        } catch (Jdbc.StoreException e) {
            throw new IllegalStateException("cannot save a checkpoint: " + e.getMessage(), e);
        }
    }

    /**
     * @return the written state of each of these keys that has one
     *
     * <p>One primary-key probe per key with one prepared statement, not one {@code business_key IN (…)} query
     * per batch: Derby probes an IN list only on an index's leading column, and business_key is the third
     * column of this key, so the IN query scanned every hash of the leg for every batch and a leg's cost grew
     * with the square of its size (85 % of a 20,000-record hub leg's CPU; see docs/benchmarks.md).
     */
    Map<String, Written> written(Collection<String> keys) {
        Map<String, Written> result = new HashMap<>();
        if (keys.isEmpty()) {
            return result;
        }
        try {
            // Uncommitted rows belong to stores still in flight, whose keys the caller does not ask for
            // (HashWriteBehind overlays them), or to a seen-mark, which changes no column read here: reading
            // without locks gives the same answer and never waits for those stores to commit. In a transaction of
            // Jdbc's, so a connection lost to a restart of the store's server is tried again.
            return Jdbc.inTransaction(db, Connection.TRANSACTION_READ_UNCOMMITTED, c -> written(c, keys, result));
        } catch (Jdbc.StoreException e) {
            throw new IllegalStateException("cannot read record hashes: " + e.getMessage(), e);
        }
    }

    private Map<String, Written> written(Connection c, Collection<String> keys, Map<String, Written> result)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT hash, source_org, source_id FROM record_hashes"
                     + " WHERE leg_id = ? AND business_key = ?")) {
            ps.setInt(1, legId(c));
            for (String key : keys) {
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        result.put(key, new Written(rs.getString(1), rs.getString(2), rs.getString(3)));
                    }
                }
            }
        }
        return result;
    }

    /** @return whether the leg remembers no key at all (cheaper than counting them) */
    boolean isEmpty() {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM record_hashes WHERE leg_id = ? FETCH FIRST 1 ROW ONLY")) {
            ps.setInt(1, legId(c));
            try (ResultSet rs = ps.executeQuery()) {
                return !rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read record hashes: " + e.getMessage(), e);
        }
    }

    /** Stores the written state of a batch's acknowledged records, in one transaction. */
    void remember(Map<String, Written> written, Collection<String> forgotten) {
        remember(written, forgotten, null);
    }

    /**
     * As {@link #remember(Map, Collection)}, when the caller knows which keys have a stored row (it just read
     * them with {@link #written}; a project never runs twice at once): the others need no DELETE before their
     * INSERT, which halves the statements of a first run.
     *
     * @param stored the keys that have a row, or {@code null} if unknown
     */
    void remember(Map<String, Written> written, Collection<String> forgotten, java.util.Set<String> stored) {
        if (written.isEmpty() && forgotten.isEmpty()) {
            return;
        }
        int leg;
        try (Connection c = db.connection()) {
            leg = legId(c); // before the transaction: a rollback must not take a registered leg with it
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store record hashes: " + e.getMessage(), e);
        }
        try {
            Jdbc.fenced(db, fence, c -> {
                try (PreparedStatement del = c.prepareStatement("DELETE FROM record_hashes WHERE leg_id = ? AND business_key = ?");
                     PreparedStatement ins = c.prepareStatement("INSERT INTO record_hashes(leg_id, business_key, hash,"
                             + " source_org, source_id) VALUES (?, ?, ?, ?, ?)")) {
                    boolean deleting = false;
                    for (String key : written.keySet()) {
                        if (stored == null || stored.contains(key)) {
                            bindKey(del, leg, key);
                            del.addBatch();
                            deleting = true;
                        }
                    }
                    for (String key : forgotten) {
                        bindKey(del, leg, key);
                        del.addBatch();
                        deleting = true;
                    }
                    if (deleting) {
                        del.executeBatch();
                    }
                    for (Map.Entry<String, Written> e : written.entrySet()) {
                        ins.setInt(1, leg);
                        ins.setString(2, e.getKey());
                        ins.setString(3, e.getValue().hash());
                        ins.setString(4, e.getValue().sourceOrganization());
                        ins.setString(5, RunStore.truncate(e.getValue().sourceId(), 200));
                        ins.addBatch();
                    }
                    if (!written.isEmpty()) {
                        ins.executeBatch();
                    }
                }
                return null;
            });
        } catch (Jdbc.StoreException e) {
            throw new IllegalStateException("cannot store record hashes: " + e.getMessage(), e);
        }
    }

    /** @return the business key last written for a source record id, for deletions that carry only the id */
    Optional<String> keyOfSourceId(String sourceId) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT business_key FROM record_hashes WHERE leg_id = ?"
                     + " AND source_id = ?")) {
            ps.setInt(1, legId(c));
            ps.setString(2, sourceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read record hashes: " + e.getMessage(), e);
        }
    }

    /** Marks keys (by destination key or source id) as seen by a run's read. */
    void markSeen(String runId, Collection<String> keys, Collection<String> sourceIds) {
        update(runId, "business_key", keys);
        update(runId, "source_id", sourceIds);
    }

    /** One batched single-row UPDATE per value: an IN list on this non-leading index column would scan the leg. */
    private void update(String runId, String column, Collection<String> values) {
        if (values.isEmpty()) {
            return;
        }
        int leg;
        try (Connection c = db.connection()) {
            leg = legId(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot mark records as seen: " + e.getMessage(), e);
        }
        try {
            Jdbc.fenced(db, fence, c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE record_hashes SET seen_run = ? WHERE leg_id = ?"
                        + " AND " + column + " = ?")) {
                    for (String value : values) {
                        ps.setString(1, runId);
                        ps.setInt(2, leg);
                        ps.setString(3, value);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            });
        } catch (Jdbc.StoreException e) {
            throw new IllegalStateException("cannot mark records as seen: " + e.getMessage(), e);
        }
    }

    /** @return how many keys this leg has written and still remembers */
    long rememberedCount() {
        return count("SELECT COUNT(*) FROM record_hashes WHERE leg_id = ?", null);
    }

    /** @return up to {@code limit} remembered keys that the run's complete read did not see */
    List<String> unseen(String runId, int limit) {
        List<String> keys = new java.util.ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT business_key FROM record_hashes WHERE leg_id = ?"
                     + " AND (seen_run IS NULL OR seen_run <> ?) ORDER BY business_key FETCH FIRST ? ROWS ONLY")) {
            ps.setInt(1, legId(c));
            ps.setString(2, runId);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read record hashes: " + e.getMessage(), e);
        }
        return keys;
    }

    long unseenCount(String runId) {
        return count("SELECT COUNT(*) FROM record_hashes WHERE leg_id = ?"
                + " AND (seen_run IS NULL OR seen_run <> ?)", runId);
    }

    private long count(String sql, String runId) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, legId(c));
            if (runId != null) {
                ps.setString(2, runId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count record hashes: " + e.getMessage(), e);
        }
    }

    private static void bindKey(PreparedStatement ps, int leg, String key) throws SQLException {
        ps.setInt(1, leg);
        ps.setString(2, key);
    }

    /**
     * A stable hash of a mapped record: its organization and its fields in name order, in canonical text, each
     * preceded by its UTF-8 length. The bytes go to the digest in one call, and the digest is reused per thread:
     * the stream of small updates this replaced cost as much as a batch's hash store on the run thread.
     */
    static String hash(EntityRecord record, String organization) {
        @SuppressWarnings("unchecked")
        Map.Entry<String, Value>[] fields = record.values().entrySet().toArray(new Map.Entry[0]);
        Arrays.sort(fields, Map.Entry.comparingByKey());
        Canonical text = new Canonical();
        text.add(organization == null ? "\u0000" : organization);
        for (Map.Entry<String, Value> e : fields) {
            text.add(e.getKey());
            Value v = e.getValue();
            text.add(v == null ? "\u0000" : v.type().name() + ":" + v.asText());
        }
        MessageDigest digest = SHA_256.get();
        digest.update(text.bytes, 0, text.length);
        return Base64.getEncoder().encodeToString(digest.digest());
    }

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    /** Length-prefixed UTF-8 strings in one growing buffer. */
    private static final class Canonical {
        byte[] bytes = new byte[512];
        int length;

        void add(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            if (length + 4 + utf8.length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + 4 + utf8.length));
            }
            bytes[length++] = (byte) (utf8.length >>> 24);
            bytes[length++] = (byte) (utf8.length >>> 16);
            bytes[length++] = (byte) (utf8.length >>> 8);
            bytes[length++] = (byte) utf8.length;
            System.arraycopy(utf8, 0, bytes, length, utf8.length);
            length += utf8.length;
        }
    }
}
