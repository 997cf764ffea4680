package org.ferry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DerbyPageCacheTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void aSmallHeapKeepsDerbysDefault() {
        assertEquals(1_000, DerbyPageCache.pages(256 * MIB));
        assertEquals(1_000, DerbyPageCache.pages(500 * MIB));
    }

    @Test
    void aLargerHeapGetsASixteenthOfItInWidePages() {
        assertEquals(4_096, DerbyPageCache.pages(2048 * MIB));
        assertEquals(12_288, DerbyPageCache.pages(6144 * MIB));
    }

    @Test
    void aHugeHeapStopsAtTheCeiling() {
        assertEquals(16_384, DerbyPageCache.pages(64L * 1024 * MIB));
    }
}
