package org.ferry.api.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class EntityRecordTest {
    /** A record holds its builder's fields without a copy, so a builder used again must not change it. */
    @Test
    void aBuilderUsedAgainLeavesTheRecordsItBuiltAsTheyWere() {
        EntityRecord.Builder b = EntityRecord.builder("Account").text("Name", "One").text("City", "Oslo");
        EntityRecord first = b.build();
        EntityRecord second = b.text("Name", "Two").remove("City").build();
        EntityRecord third = b.text("Phone", "1").build();

        assertEquals(List.of("Name", "City"), List.copyOf(first.values().keySet()));
        assertEquals("One", first.get("Name").asText());
        assertEquals("Oslo", first.get("City").asText());
        assertEquals(List.of("Name"), List.copyOf(second.values().keySet()));
        assertEquals("Two", second.get("Name").asText());
        assertEquals(List.of("Name", "Phone"), List.copyOf(third.values().keySet()));
        assertEquals(first, first.toBuilder().build());
        assertThrows(UnsupportedOperationException.class, () -> first.values().put("Name", null));
    }
}
