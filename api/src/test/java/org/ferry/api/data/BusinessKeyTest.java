package org.ferry.api.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class BusinessKeyTest {
    @Test
    void theTextOfAKeyReadsBackToTheSameKey() {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("SalesOrderNumber", "SO|1\\x");
        parts.put("LineCreationSequenceNumber", "2");
        BusinessKey key = BusinessKey.of(parts);
        String text = key.asText();
        assertEquals("SO\\|1\\\\x|2", text, "a | or \\ inside a value is escaped");
        assertEquals(text, BusinessKey.joinText(List.of("SO|1\\x", "2")));
        assertEquals(Optional.of(List.of("SO|1\\x", "2")), BusinessKey.splitText(text, 2));
        assertEquals(Optional.of(key), BusinessKey.parse(text, List.of("SalesOrderNumber", "LineCreationSequenceNumber")));
        assertTrue(BusinessKey.splitText(text, 3).isEmpty(), "a text of another number of values is not this key's");
        assertTrue(BusinessKey.parse(text, List.of("SalesOrderNumber")).isPresent(), "one field takes the whole text");
    }

    @Test
    void oneFieldsValueIsNeverEscaped() {
        assertEquals("a|b\\c", BusinessKey.of("f", "a|b\\c").asText());
        assertEquals(Optional.of(List.of("a|b")), BusinessKey.splitText("a|b", 1));
        assertEquals("a|b", BusinessKey.joinText(List.of("a|b")));
    }

    @Test
    void emptyValuesSurviveTheRoundTrip() {
        BusinessKey key = BusinessKey.of(new LinkedHashMap<>(Map.of("a", "")));
        assertEquals(Optional.of(key), BusinessKey.parse(key.asText(), List.of("a")));
        assertEquals(Optional.of(List.of("", "", "x")), BusinessKey.splitText("||x", 3));
    }

    @Test
    void aKeyNeedsNamedFieldsAndValues() {
        assertThrows(IllegalArgumentException.class, () -> BusinessKey.of(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> BusinessKey.of(" ", "x"));
        assertThrows(NullPointerException.class, () -> BusinessKey.of(new LinkedHashMap<>(java.util.Collections.singletonMap("a", null))));
    }
}
