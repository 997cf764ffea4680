package org.ferry.runtime.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class RememberedReadsTest {

    @Test
    void anAnswerIsReadOnceUntilTheTableChanges() {
        RememberedReads reads = new RememberedReads(true);
        AtomicInteger version = new AtomicInteger(1);
        AtomicInteger asked = new AtomicInteger();

        assertEquals(1, read(reads, "a", version, asked));
        assertEquals(1, read(reads, "a", version, asked));
        assertEquals(1, asked.get());

        version.set(2);
        reads.changed();
        assertEquals(2, read(reads, "a", version, asked));
        assertEquals(2, read(reads, "a", version, asked));
        assertEquals(2, asked.get());
    }

    @Test
    void eachKeyIsItsOwnRead() {
        RememberedReads reads = new RememberedReads(true);
        assertEquals("one", reads.get(List.of("find", "1"), () -> "one"));
        assertEquals("two", reads.get(List.of("find", "2"), () -> "two"));
        assertEquals("one", reads.get(List.of("find", "1"), () -> "other"));
    }

    @Test
    void aReadThatRacedAChangeIsNotRemembered() {
        RememberedReads reads = new RememberedReads(true);
        AtomicInteger asked = new AtomicInteger();
        // the write commits (and forgets) while the read is under way: what the read saw may be from before it
        Integer first = reads.get("k", () -> {
            asked.incrementAndGet();
            reads.changed();
            return 1;
        });
        assertEquals(1, first);
        assertEquals(2, (int) reads.get("k", () -> {
            asked.incrementAndGet();
            return 2;
        }));
        assertEquals(2, asked.get());
    }

    @Test
    void aSharedStoreIsAlwaysRead() {
        RememberedReads reads = new RememberedReads(false);
        AtomicInteger version = new AtomicInteger(1);
        AtomicInteger asked = new AtomicInteger();
        read(reads, "a", version, asked);
        version.set(2);
        // another node's write: never heard of here
        assertEquals(2, read(reads, "a", version, asked));
        assertEquals(2, asked.get());
    }

    private static int read(RememberedReads reads, Object key, AtomicInteger version, AtomicInteger asked) {
        return reads.get(key, () -> {
            asked.incrementAndGet();
            return version.get();
        });
    }
}
