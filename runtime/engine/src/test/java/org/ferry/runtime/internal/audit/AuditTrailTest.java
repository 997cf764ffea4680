package org.ferry.runtime.internal.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.ferry.runtime.internal.EngineFixture;
import org.ferry.runtime.management.Actor;
import org.ferry.runtime.management.AuditEntry;
import org.junit.jupiter.api.Test;

class AuditTrailTest extends EngineFixture {

    @Test
    void entriesAreNewestFirstAndPaged() {
        for (int i = 0; i < 5; i++) {
            audit.record(new Actor("bob", "operator"), "test.event", "thing:" + i, "number " + i);
            clock.advance(Duration.ofSeconds(1));
        }
        List<AuditEntry> firstTwo = audit.entries(0, 2);
        assertEquals(List.of("thing:4", "thing:3"), firstTwo.stream().map(AuditEntry::subject).toList());
        assertEquals("bob", firstTwo.get(0).actor());
        assertEquals("test.event", firstTwo.get(0).action());
        assertEquals("number 4", firstTwo.get(0).detail());
        assertEquals(clock.instant().minusSeconds(1), firstTwo.get(0).at());
        assertEquals(List.of("thing:2", "thing:1"), audit.entries(2, 2).stream().map(AuditEntry::subject).toList());
        assertEquals(List.of(), audit.entries(0, 0));
    }

    @Test
    void longDetailsAreClippedNotRefused() {
        audit.record(Actor.SYSTEM, "test.long", null, "x".repeat(10_000));
        AuditEntry e = audit.entries(0, 1).get(0);
        assertEquals(AuditTrail.MAX_DETAIL, e.detail().length());
        assertTrue(e.detail().endsWith("…"));
        assertEquals("system", e.actor());
    }
}
