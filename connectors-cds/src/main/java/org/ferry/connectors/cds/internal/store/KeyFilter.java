package org.ferry.connectors.cds.internal.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.ferry.store.KeyBloomFilter;

/**
 * Which business keys one table of an embedded environment may hold, so that a write looks up only the keys of its
 * batch that the table may hold. A first load whose keys arrive in no particular order (Sales returns accounts in
 * the order of their ids, not of their numbers) looked up every key of every batch in the key index and found none:
 * 8 % of Ferry's CPU in the two-leg benchmark, on the path that bounds its first leg.
 *
 * <p>A Bloom filter over the {@code _key} column ({@link KeyBloomFilter}): it may answer that a key is held when it is not (a look-up then
 * finds nothing, as before), never the reverse, provided every statement that gives a row a key reports it with
 * {@link #added} after it ran. It is built on demand by one scan of the table, published before the scan so that a
 * concurrent writer's keys are added either by that writer or by the scan, which reads uncommitted rows. A key
 * that reached the table by another way shows as a unique-key race when the writer inserts it: the writer then
 * calls {@link #forget}, and its redone transaction looks the keys up in the table (the filter is built again by a
 * later batch that mostly inserts).
 *
 * <p>In a table scoped by organization, a key is held per organization (the unique index is on the key and the
 * organization), and the filter holds the pairs: a hub that holds a customer number in one legal entity does not send
 * every batch of another entity's first load to the index for numbers it holds elsewhere (the two-leg benchmark's
 * measured run, into a hub that held the same accounts in three other organizations, spent 13 % of its run thread
 * there).
 *
 * <p>Only for an embedded environment, which one process writes; a PostgreSQL environment is written by every node
 * of a cluster. Derby compares text padded with spaces, so keys are filtered without their trailing spaces. The
 * filter grows by adding a block of twice the capacity of the last (each at about 2 % false positives), and gives
 * up past {@value #MAX_KEYS} keys (about 32 MB), where the look-ups are made as without it. Thread-safe.
 */
public final class KeyFilter {
    private static final long FIRST_CAPACITY = 1 << 16;
    private static final long MAX_KEYS = 1L << 24;
    /** Eight bits and five probes a key: about 2 % false positives; a power of two, so no bit is rounded away. */
    private static final int BITS_PER_KEY = 8;
    private static final int PROBES = 5;

    private final String table;
    /** The organization column of a scoped table, or {@code null}. */
    private final String organizationColumn;
    /** {@code null} until built, and after {@link #forget}; published before the scan that fills it. */
    private List<KeyBloomFilter> blocks;
    /** The capacity of the last block: it takes keys until it has this many, then a block twice as large follows. */
    private long capacity;
    private boolean ready;
    private boolean givenUp;
    private long keys;

    /** @param organizationColumn the column that scopes the table's keys, or {@code null} if they are global */
    KeyFilter(String table, String organizationColumn) {
        this.table = table;
        this.organizationColumn = organizationColumn;
    }

    /** @return the column that scopes the table's keys, or {@code null} */
    String organizationColumn() {
        return organizationColumn;
    }

    /** @return whether {@link #mayHold} can answer: the filter was built and not forgotten since */
    public synchronized boolean ready() {
        return ready;
    }

    /**
     * @param organization the organization the keys are looked up in; ignored by a table not scoped by one
     * @return the keys the table may hold, in their order; all of them unless {@link #ready}
     */
    public synchronized List<String> mayHold(String organization, List<String> candidates) {
        if (!ready || organizationColumn != null && organization == null) {
            return candidates;
        }
        List<String> maybe = new ArrayList<>();
        for (String key : candidates) {
            String compared = entry(organization, key);
            for (KeyBloomFilter b : blocks) {
                if (b.mightContain(compared)) {
                    maybe.add(key);
                    break;
                }
            }
        }
        return maybe;
    }

    /**
     * Notes keys a statement gave rows (inserted, or changed to) in an organization, in a transaction that may still
     * roll back.
     */
    public synchronized void added(String organization, Collection<String> added) {
        if (organizationColumn != null && organization == null && !added.isEmpty()) {
            forget(); // keys of an organization not named: the filter could no longer answer for any
            return;
        }
        for (String key : added) {
            if (blocks == null) { // not built, or given up while adding these
                return;
            }
            add(entry(organization, key));
        }
    }

    /**
     * Builds the filter from the table's keys, on the caller's connection and within its transaction (the scan reads
     * uncommitted rows, takes no lock and changes no isolation level), unless it is built, being built or given up.
     */
    public void build(Connection c) throws SQLException {
        List<KeyBloomFilter> building;
        synchronized (this) {
            if (blocks != null || givenUp) {
                return;
            }
            capacity = FIRST_CAPACITY;
            blocks = building = new ArrayList<>(List.of(new KeyBloomFilter(capacity * BITS_PER_KEY, PROBES)));
            keys = 0;
        }
        boolean done = false;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"_key\"" + (organizationColumn == null ? "" : ", " + organizationColumn)
                     + " FROM " + table + " WITH UR")) {
            rs.setFetchSize(1000);
            List<String> chunk = new ArrayList<>(1000);
            while (rs.next()) {
                chunk.add(entry(organizationColumn == null ? null : rs.getString(2), rs.getString(1)));
                if (chunk.size() == 1000) {
                    addScanned(building, chunk);
                    chunk.clear();
                }
            }
            addScanned(building, chunk);
            done = true;
        } finally {
            synchronized (this) {
                if (blocks == building) {
                    if (done) {
                        ready = true;
                    } else {
                        blocks = null;
                    }
                }
            }
        }
    }

    /** Drops the filter: a key reached the table without being reported (see the class comment). */
    public synchronized void forget() {
        blocks = null;
        ready = false;
    }

    private synchronized void addScanned(List<KeyBloomFilter> building, List<String> entries) {
        for (String entry : entries) {
            if (blocks != building) { // forgotten, or given up while adding these
                return;
            }
            add(entry);
        }
    }

    /**
     * @return what the filter holds for a key: the key as Derby compares it, preceded in a scoped table by the
     *         organization as Derby compares it (a separator that also occurs in either only adds false positives,
     *         never hides a held key)
     */
    private String entry(String organization, String key) {
        return organizationColumn == null ? unpadded(key)
                : unpadded(organization) + '\u0000' + unpadded(key);
    }

    private void add(String key) {
        KeyBloomFilter last = blocks.get(blocks.size() - 1);
        if (last.added() >= capacity) {
            if (keys >= MAX_KEYS) {
                givenUp = true;
                forget();
                return;
            }
            capacity *= 2;
            last = new KeyBloomFilter(capacity * BITS_PER_KEY, PROBES);
            blocks.add(last);
        }
        last.add(key);
        keys++;
    }

    /** @return the key as Derby compares it: without trailing spaces */
    static String unpadded(String key) {
        int end = key.length();
        while (end > 0 && key.charAt(end - 1) == ' ') {
            end--;
        }
        return end == key.length() ? key : key.substring(0, end);
    }
}
