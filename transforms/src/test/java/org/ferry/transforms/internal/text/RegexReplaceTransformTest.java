package org.ferry.transforms.internal.text;

import static org.ferry.transforms.testing.Chains.emptyContext;
import static org.ferry.transforms.testing.Chains.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ferry.api.data.Value;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.transform.TransformParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegexReplaceTransformTest {
    private final RegexReplaceTransform transform = new RegexReplaceTransform();

    @Test
    void replacesEveryMatch() {
        assertEquals(Value.text("+14255550100"), transform.compile(params("pattern", "[^0-9+]"), null)
                .apply(Value.text("+1 (425) 555-0100"), emptyContext()));
    }

    @Test
    void replacementMayUseGroups() {
        assertEquals(Value.text("Ada Lovelace"), transform.compile(params("pattern", "(\\w+), (\\w+)", "replacement", "$2 $1"), null)
                .apply(Value.text("Lovelace, Ada"), emptyContext()));
        assertEquals(Value.text("ACC-42"), transform.compile(params("pattern", "(?<n>\\d+)", "replacement", "ACC-${n}"), null)
                .apply(Value.text("42"), emptyContext()));
        assertEquals(Value.text("$5"), transform.compile(params("pattern", "five", "replacement", "\\$5", "ignoreCase", true), null)
                .apply(Value.text("FIVE"), emptyContext()));
    }

    @Test
    void worksOnTheTextOfAnyValue() {
        assertEquals(Value.text("12"), transform.compile(params("pattern", "\\.5"), null).apply(Value.decimal("12.5"), emptyContext()));
        assertNull(transform.compile(params("pattern", "x"), null).apply(null, emptyContext()));
    }

    @Test
    void invalidPatternIsAConfigurationErrorNamingPattern() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> transform.compile(params("pattern", "(unclosed"), null));
        assertEquals("pattern", e.problems().get(0).field());
        assertTrue(e.getMessage().contains("not a valid regular expression"), e.getMessage());
        assertEquals("pattern", assertThrows(ConfigurationException.class, () -> transform.compile(TransformParameters.empty(), null))
                .problems().get(0).field());
        assertEquals("pattern", assertThrows(ConfigurationException.class, () -> transform.compile(params("pattern", ""), null))
                .problems().get(0).field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"$2", "${missing}", "cost $", "trailing \\", "$x", "${open"})
    void invalidReplacementIsAConfigurationErrorNamingReplacement(String replacement) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> transform.compile(params("pattern", "(a)", "replacement", replacement), null));
        assertEquals("replacement", e.problems().get(0).field());
    }
}
