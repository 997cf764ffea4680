package org.ferry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyBloomFilterTest {
    @Test
    void neverMissesAnAddedKeyAndRarelyTakesAnotherForOne() {
        int n = 100_000;
        KeyBloomFilter filter = new KeyBloomFilter(n * 10L, 7);
        for (int i = 0; i < n; i++) {
            filter.add("ACC-" + i);
        }
        for (int i = 0; i < n; i++) {
            assertTrue(filter.mightContain("ACC-" + i), "ACC-" + i);
        }
        int falsePositives = 0;
        for (int i = 0; i < n; i++) {
            if (filter.mightContain("OTHER-" + i)) {
                falsePositives++;
            }
        }
        // 2^20 bits for 100,000 keys (10.5 a key), seven probes: 0.7 % expected
        assertTrue(falsePositives < n / 50, falsePositives + " false positives of " + n);
        assertEquals(n, filter.added());
    }

    @Test
    void anEmptyFilterHoldsNothing() {
        KeyBloomFilter filter = new KeyBloomFilter(1, 4);
        assertFalse(filter.mightContain(""));
        assertFalse(filter.mightContain("A"));
        filter.add("A");
        assertTrue(filter.mightContain("A"));
    }

    @Test
    void refusesSizesItCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> new KeyBloomFilter(0, 4));
        assertThrows(IllegalArgumentException.class, () -> new KeyBloomFilter(1L << 40, 4));
        assertThrows(IllegalArgumentException.class, () -> new KeyBloomFilter(1024, 0));
    }
}
