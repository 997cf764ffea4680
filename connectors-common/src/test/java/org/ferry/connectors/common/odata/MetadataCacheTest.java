package org.ferry.connectors.common.odata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class MetadataCacheTest {
    /** A clock the test moves. */
    private static final class Hands extends Clock {
        Instant now = Instant.parse("2026-12-06T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aSchemaIsKeptForTheMaximumAgeByKeyAndForgottenOnRequest() {
        Hands clock = new Hands();
        MetadataCache cache = new MetadataCache(Duration.ofMinutes(10), clock);
        AtomicInteger reads = new AtomicInteger();
        java.util.function.Supplier<Map<String, String>> read = () -> Map.of("account", "read " + reads.incrementAndGet());

        Map<String, String> first = cache.get("sales https://a/ user", read);
        clock.now = clock.now.plus(Duration.ofMinutes(9));
        assertSame(first, cache.get("sales https://a/ user", read));
        assertEquals("read 2", cache.get("sales https://a/ other-user", read).get("account"), "another user reads its own");
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        assertEquals("read 3", cache.get("sales https://a/ user", read).get("account"), "ten minutes on, read again");
        Map<String, String> tables = cache.get("sales https://a/ user tables", java.util.concurrent.ConcurrentHashMap::new);
        tables.put("account", "its definition");
        assertSame(tables, cache.get("sales https://a/ user tables", java.util.concurrent.ConcurrentHashMap::new));
        cache.forget("sales https://a/ user");
        assertEquals("read 4", cache.get("sales https://a/ user", read).get("account"));
        assertEquals(Map.of(), cache.get("sales https://a/ user tables", java.util.concurrent.ConcurrentHashMap::new),
                "what was kept beside the schema is forgotten with it");
        assertEquals("read 5", MetadataCache.NONE.get("k", read).get("account"));
        assertEquals("read 6", MetadataCache.NONE.get("k", read).get("account"), "NONE keeps nothing");
    }
}
