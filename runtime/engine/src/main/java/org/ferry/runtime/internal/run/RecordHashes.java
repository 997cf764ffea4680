package org.ferry.runtime.internal.run;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.internal.store.Fence;
import org.ferry.runtime.internal.store.Jdbc;

/**
 * What a business-key leg remembers between runs, per business key: the hash of the record last written and the
 * organization it came from. Hashes let a leg skip records that did not change when the source cannot say what
 * changed; the organization lets it notice two records of different source units claiming the same key.
 *
 * <p>Legs that propagate deletions also keep each record's source id ({@code record_source_ids}), to turn a
 * deletion that carries only the id back into the key, and to find the keys of the records a key-set sweep saw.
 * Other legs never read those ids, so they do not store them: the index they need was a third of a first run's cost
 * in this store.
 */
final class RecordHashes {
    /** The last written state of one key: its {@link RecordHash#digest}, source organization and source id. */
    record Written(long hash, String sourceOrganization, String sourceId) implements HashWriteBehind.Acknowledged {
        @Override
        public Written written() {
            return this;
        }
    }

    private final Database db;
    private final String projectId;
    private final String legKey;
    private final boolean keepsSourceIds;
    /** The leg's surrogate id in {@code legs}, found or made on first use; hashes are keyed by it. */
    private Integer legId;
    /**
     * One connection per thread that uses this leg's hashes (the run thread probes, the write-behind thread stores),
     * kept for the leg: opening an embedded Derby connection resolves the database's path on disk each time, which
     * cost as much as some of the statements it served.
     */
    private final ThreadLocal<Connection> kept = new ThreadLocal<>();
    private final List<Connection> opened = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Checked by every write: the run's lease (a node that lost it must not move a hash). */
    private final Fence fence;

    /** @param keepsSourceIds whether the leg propagates deletions, and so needs its records' source ids */
    RecordHashes(Database db, String projectId, String legKey, boolean keepsSourceIds) {
        this(db, projectId, legKey, keepsSourceIds, Fence.NONE);
    }

    /** @param fence the run's lease, checked in the transaction of every write */
    RecordHashes(Database db, String projectId, String legKey, boolean keepsSourceIds, Fence fence) {
        this.fence = fence;
        this.db = db;
        this.projectId = projectId;
        this.legKey = legKey;
        this.keepsSourceIds = keepsSourceIds;
    }

    private Connection connection() throws SQLException {
        Connection c = kept.get();
        if (c == null || c.isClosed()) {
            c = db.connection();
            kept.set(c);
            opened.add(c);
        }
        return c;
    }

    /** Closes the connections the leg kept; called when the leg ends, after the last store. */
    void close() {
        for (Connection c : opened) {
            try {
                c.close();
            } catch (SQLException e) {
                // the leg is over; the next one opens its own
            }
        }
        opened.clear();
    }

    /**
     * Runs work on this thread's kept connection; a write in a transaction that first checks the run's lease. A
     * connection lost to a restart of the store's server, or a transaction that lost a lock conflict, is dropped and
     * the work tried again on a new one, a few times, as {@link Jdbc#inTransaction} does for the other stores.
     */
    private <T> T onKept(boolean write, Jdbc.Work<T> work) throws SQLException {
        return Jdbc.retried(() -> {
            Connection c = connection();
            try {
                return write ? Jdbc.transaction(c, t -> {
                    fence.check(t);
                    return work.run(t);
                }) : work.run(c);
            } catch (SQLException e) {
                forget(c); // a connection that failed is not kept: the next attempt opens another
                throw e;
            }
        });
    }

    private void forget(Connection c) {
        kept.remove();
        opened.remove(c);
        try {
            c.close();
        } catch (SQLException ignored) {
            // already lost
        }
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

    /**
     * @return the written state of each of these keys that has one
     *
     * <p>One primary-key probe per key with one prepared statement, not one {@code business_key IN (…)} query
     * per batch: Derby probes an IN list only on an index's leading column, and business_key is the second
     * column of this key, so the IN query scanned every hash of the leg for every batch and a leg's cost grew
     * with the square of its size (85 % of a 20,000-record hub leg's CPU; see docs/benchmarks.md).
     */
    Map<String, Written> written(Collection<String> keys) {
        Map<String, Written> result = new HashMap<>();
        if (keys.isEmpty()) {
            return result;
        }
        try {
            return onKept(false, c -> {
                // Uncommitted rows belong to stores still in flight, whose keys the caller does not ask for
                // (HashWriteBehind overlays them): reading without locks gives the same answer and never waits for
                // those stores to commit.
                c.setTransactionIsolation(Connection.TRANSACTION_READ_UNCOMMITTED);
                result.clear();
                int leg = legId(c);
                // one transaction for the batch's probes: each probe committed on its own (autocommit) was one
                // commit per key
                return Jdbc.transaction(c, t -> probe(t, leg, keys, result));
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read record hashes: " + e.getMessage(), e);
        }
    }

    /** @return {@code into}, with what is stored of each of the keys the leg remembers */
    private static Map<String, Written> probe(Connection c, int leg, Collection<String> keys, Map<String, Written> into)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT digest, hash, source_org FROM record_hashes"
                + " WHERE leg_id = ? AND business_key = ?")) {
            ps.setInt(1, leg);
            for (String key : keys) {
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        long digest = rs.getLong(1);
                        // a row stored before version 9 has its hash as text only
                        if (rs.wasNull()) {
                            digest = RecordHash.digestOf(rs.getString(2));
                        }
                        into.put(key, new Written(digest, rs.getString(3), null));
                    }
                }
            }
        }
        return into;
    }

    /** @return whether the leg remembers no key at all (cheaper than counting them) */
    boolean isEmpty() {
        return count("SELECT 1 FROM record_hashes WHERE leg_id = ? FETCH FIRST 1 ROW ONLY", true) == 0;
    }

    /** Stores the written state of a batch's acknowledged records, in one transaction. */
    void remember(Map<String, Written> written, Collection<String> forgotten) {
        remember(written, forgotten, null);
    }

    /**
     * As {@link #remember(Map, Collection)}, when the caller knows which keys have a stored row (it just read
     * them with {@link #written}; a project never runs twice at once): those are updated in place, the others
     * inserted with no DELETE before. A DELETE and an INSERT per changed key, each through the primary key's
     * index, were a third of an incremental run's work in this store; an UPDATE of the two unindexed columns
     * touches the row alone.
     *
     * @param stored the keys that have a row, or {@code null} if unknown (then every written key is replaced)
     */
    void remember(Map<String, Written> written, Collection<String> forgotten, Set<String> stored) {
        if (written.isEmpty() && forgotten.isEmpty()) {
            return;
        }
        Map<String, Written> updates = new TreeMap<>();
        Map<String, Written> inserts = new HashMap<>();
        List<String> deletes = new ArrayList<>(forgotten);
        written.forEach((key, w) -> {
            if (stored == null) {
                deletes.add(key);
                inserts.put(key, w);
            } else if (stored.contains(key)) {
                updates.put(key, w);
            } else {
                inserts.put(key, w);
            }
        });
        try {
            int leg = onKept(false, this::legId); // before the transaction: a rollback must not take a registered leg with it
            onKept(true, c -> {
                HashRowWriter.delete(c, leg, deletes);
                Map<String, Written> toInsert = new HashMap<>(inserts);
                toInsert.putAll(HashRowWriter.update(c, leg, updates));
                HashRowWriter.insert(c, leg, toInsert);
                if (keepsSourceIds) {
                    HashRowWriter.rememberSourceIds(c, leg, written);
                }
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store record hashes: " + e.getMessage(), e);
        }
    }

    /**
     * @return the business key last written for a source record id, for deletions that carry only the id; the
     * key must still be remembered (an id whose key was forgotten names nothing downstream any more)
     */
    Optional<String> keyOfSourceId(String sourceId) {
        if (!keepsSourceIds) {
            return Optional.empty();
        }
        try {
            return onKept(false, c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT s.business_key FROM record_source_ids s"
                        + " JOIN record_hashes h ON h.leg_id = s.leg_id AND h.business_key = s.business_key"
                        + " WHERE s.leg_id = ? AND s.source_id = ?")) {
                    ps.setInt(1, legId(c));
                    ps.setString(2, RunStore.truncate(sourceId, 200));
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                    }
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read record hashes: " + e.getMessage(), e);
        }
    }

    /** @return how many keys this leg has written and still remembers */
    long rememberedCount() {
        return count("SELECT COUNT(*) FROM record_hashes WHERE leg_id = ?", false);
    }

    /**
     * Adds to what a complete read saw the keys its records' source ids name, in one pass through the leg's ids: a
     * record read but not mapped to a key (filtered out, refused) is still at the source. Until the twenty-second
     * session each batch marked its ids' rows in the store, through an UPDATE whose sub-query Derby evaluated for every
     * row of the leg: a batch cost as much as the leg held, and a leg of 5,000 records took 30 s.
     */
    void keysOfSeenSourceIds(ReadSeen seen) {
        if (!keepsSourceIds) {
            return;
        }
        List<String> named = scan("SELECT source_id, business_key FROM record_source_ids WHERE leg_id = ?", null,
                ArrayList::new, (rs, into) -> {
                    if (seen.sawSourceId(rs.getString(1))) {
                        into.add(rs.getString(2));
                    }
                    return true;
                });
        named.forEach(seen::key);
    }

    /** @return how many remembered keys a complete read did not see */
    long unseenCount(ReadSeen seen) {
        return scan("SELECT business_key FROM record_hashes WHERE leg_id = ?", null, () -> new long[1], (rs, n) -> {
            if (!seen.sawKey(rs.getString(1))) {
                n[0]++;
            }
            return true;
        })[0];
    }

    /** @return up to {@code limit} remembered keys after {@code after} (in key order) that a complete read did not see */
    List<String> unseen(ReadSeen seen, String after, int limit) {
        return scan("SELECT business_key FROM record_hashes WHERE leg_id = ?" + (after == null ? "" : " AND business_key > ?")
                + " ORDER BY business_key", after, ArrayList::new, (rs, into) -> {
                    String key = rs.getString(1);
                    if (!seen.sawKey(key)) {
                        into.add(key);
                    }
                    return into.size() < limit;
                });
    }

    /** Takes what it wants of one row into what it gathers, and says whether to go on. */
    private interface RowVisitor<A> {
        boolean visit(ResultSet rs, A gathered) throws SQLException;
    }

    /**
     * Goes through this leg's rows of a query (the leg its first parameter, {@code after}, if given, its second) until
     * the visitor stops, 1,000 rows to a fetch: in a transaction, as PostgreSQL's driver otherwise fetches every row
     * at once, and without the run's fence: a read needs none, and the fence's lock would keep a takeover of the run
     * waiting for as long as a scan of a large leg takes. A retried attempt starts again from {@code fresh}.
     */
    private <A> A scan(String sql, String after, java.util.function.Supplier<A> fresh, RowVisitor<A> visitor) {
        int leg;
        try {
            leg = onKept(false, this::legId); // before the transaction: a rollback must not take a registered leg with it
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read record hashes: " + e.getMessage(), e);
        }
        return Jdbc.read(db, c -> {
            A into = fresh.get();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setInt(1, leg);
                if (after != null) {
                    ps.setString(2, after);
                }
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && visitor.visit(rs, into)) {
                        // the visitor took what it wanted
                    }
                }
            }
            return into;
        });
    }

    /** @param exists whether the query selects rows to test for (0 or 1), not a count */
    private long count(String sql, boolean exists) {
        try {
            return onKept(false, c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setInt(1, legId(c));
                    try (ResultSet rs = ps.executeQuery()) {
                        if (exists) {
                            return rs.next() ? 1L : 0L;
                        }
                        rs.next();
                        return rs.getLong(1);
                    }
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count record hashes: " + e.getMessage(), e);
        }
    }
}
