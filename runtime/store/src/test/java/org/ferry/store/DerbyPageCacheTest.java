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

    @Test
    void anOperatorsSettingIsKept() {
        String before = System.getProperty(DerbyPageCache.PROPERTY);
        try {
            System.setProperty(DerbyPageCache.PROPERTY, "1234");
            DerbyPageCache.sizeToHeap();
            assertEquals("1234", System.getProperty(DerbyPageCache.PROPERTY));

            System.clearProperty(DerbyPageCache.PROPERTY);
            DerbyPageCache.sizeToHeap();
            assertEquals(Integer.toString(DerbyPageCache.pages(Runtime.getRuntime().maxMemory())),
                    System.getProperty(DerbyPageCache.PROPERTY));
        } finally {
            if (before == null) {
                System.clearProperty(DerbyPageCache.PROPERTY);
            } else {
                System.setProperty(DerbyPageCache.PROPERTY, before);
            }
        }
    }
}
