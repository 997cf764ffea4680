package org.ferry.runtime.internal.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * What one complete read saw, for the key-set sweep of a leg whose source cannot report deletions: the mapped keys
 * and the source ids of its records, each as the first 64 bits of its SHA-256, 8 bytes a record and side (16 to 24 MB
 * for a read of a million records). After the read, the writer goes once through what the leg remembers and deletes
 * downstream what is not here. Until the twenty-second session every batch marked its records in Ferry's store, an
 * UPDATE for each record of every run, most of what a full read that found little changed cost Ferry.
 *
 * <p>A remembered record the read did not see is taken for seen if its digest equals one of the read's: for a read
 * of a million records, a chance of 5 × 10<sup>-14</sup> for each record deleted at the source, which then stays
 * downstream (never the other way round). Used by the leg's thread only.
 */
final class ReadSeen {
    private final MessageDigest sha256;
    private final Digests keys = new Digests();
    private final Digests sourceIds = new Digests();

    ReadSeen() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The read saw a record that maps to this key (as the leg stores keys). */
    void key(String key) {
        keys.add(digest(key));
    }

    /** The read saw a record with this source id (as the leg stores ids, truncated to 200 characters). */
    void sourceId(String id) {
        sourceIds.add(digest(RunStore.truncate(id, 200)));
    }

    boolean sawKey(String key) {
        return keys.contains(digest(key));
    }

    boolean sawSourceId(String id) {
        return sourceIds.contains(digest(id));
    }

    private long digest(String text) {
        return RecordHash.first64(sha256.digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A growing array of digests, sorted once when first asked: a read adds all before the sweep asks any. */
    private static final class Digests {
        private long[] values = new long[1024];
        private int size;
        private boolean sorted = true;

        void add(long d) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size + (size >> 1));
            }
            values[size++] = d;
            sorted = false;
        }

        boolean contains(long d) {
            if (!sorted) {
                Arrays.sort(values, 0, size);
                sorted = true;
            }
            return Arrays.binarySearch(values, 0, size, d) >= 0;
        }
    }
}
