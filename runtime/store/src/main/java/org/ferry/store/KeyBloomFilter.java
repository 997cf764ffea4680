package org.ferry.store;

/**
 * A Bloom filter of text keys, for a store that skips looking up keys a set provably does not hold: {@link
 * #mightContain} is never wrong about a key it was given, and wrong about others at a rate its size and probes set
 * (about 1 % at ten bits a key and seven probes, 2 % at eight bits and four); a "maybe" costs a look-up, never
 * correctness. Keys are compared as Java strings; a caller whose database compares them otherwise (Derby pads text
 * with spaces) normalizes them first. Not thread-safe: callers that share one synchronize on it.
 */
public final class KeyBloomFilter {
    private final long[] words;
    private final long mask;
    private final int probes;
    private long added;

    /**
     * @param bits at least this many bits (rounded up to a power of two, at least 64)
     * @param probes bits set and tested per key
     */
    public KeyBloomFilter(long bits, int probes) {
        if (bits < 1 || bits > 1L << 36 || probes < 1) {
            throw new IllegalArgumentException("bits " + bits + ", probes " + probes);
        }
        long size = Math.max(64, Long.highestOneBit(bits - 1) << 1);
        this.words = new long[(int) (size >>> 6)];
        this.mask = size - 1;
        this.probes = probes;
    }

    public void add(String key) {
        long h = hash(key);
        for (int i = 0; i < probes; i++) {
            long bit = bit(h, i);
            words[(int) (bit >>> 6)] |= 1L << bit;
        }
        added++;
    }

    public boolean mightContain(String key) {
        long h = hash(key);
        for (int i = 0; i < probes; i++) {
            long bit = bit(h, i);
            if ((words[(int) (bit >>> 6)] & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** @return how many keys were added (a key added twice counts twice) */
    public long added() {
        return added;
    }

    /** Double hashing (Kirsch and Mitzenmacher): the i-th probe from the two halves of the key's 64-bit hash. */
    private long bit(long h, int i) {
        return (h + i * (h >>> 32)) & mask;
    }

    /** 64-bit FNV-1a over the key's characters with MurmurHash3's finalizer (String.hashCode has too few bits). */
    private static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h = (h ^ key.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
