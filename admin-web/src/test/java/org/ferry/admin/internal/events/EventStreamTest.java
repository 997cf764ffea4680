package org.ferry.admin.internal.events;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.ferry.admin.internal.auth.Role;
import org.ferry.runtime.management.ChangeEvent;
import org.junit.jupiter.api.Test;

class EventStreamTest {
    private static ChangeEvent event(String kind) {
        return new ChangeEvent(kind, "changed", "x", null, null, Instant.now());
    }

    @Test
    void aChangeGoesToWhoMayReadItThroughItsRoute() {
        for (Role role : Role.values()) {
            assertTrue(EventStream.visible(event(ChangeEvent.RUN), role), role + " reads runs");
            assertTrue(EventStream.visible(event(ChangeEvent.SCHEDULE), role));
            assertTrue(EventStream.visible(event(ChangeEvent.PLUGIN), role));
        }
        // a kind no route reveals is nobody's business, not everybody's
        assertFalse(EventStream.visible(event("user"), Role.ADMIN));
    }
}
