package org.ferry.transforms.internal.format;

import static org.ferry.transforms.testing.Chains.emptyContext;
import static org.ferry.transforms.testing.Chains.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.Value;
import org.ferry.api.data.ValueType;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.RecordException;
import org.ferry.api.transform.TransformParameters;
import org.junit.jupiter.api.Test;

class NumberFormatTransformTest {
    private static final FieldSchema AMOUNT = FieldSchema.of("SalesPrice", ValueType.DECIMAL);
    private final NumberFormatTransform transform = new NumberFormatTransform();

    @Test
    void readsLocalStyles() {
        assertEquals(Value.decimal("1234.56"), transform.compile(params("locale", "de-DE"), AMOUNT)
                .apply(Value.text("1.234,56"), emptyContext()));
        assertEquals(Value.decimal("1234.56"), transform.compile(params("locale", "fr-FR"), AMOUNT)
                .apply(Value.text("1\u202F234,56"), emptyContext()));
        assertEquals(Value.decimal("-1234.56"), transform.compile(TransformParameters.empty(), AMOUNT)
                .apply(Value.text(" -1,234.56 "), emptyContext()));
        assertEquals(Value.decimal("1234.5"), transform.compile(params("decimalSeparator", ",", "groupingSeparator", "'"), AMOUNT)
                .apply(Value.text("1'234,5"), emptyContext()));
    }

    @Test
    void resultIsTypedByTheDestination() {
        assertEquals(Value.integer(12), transform.compile(TransformParameters.empty(), FieldSchema.of("qty", ValueType.INTEGER))
                .apply(Value.text("12.9"), emptyContext()));
        assertEquals(Value.text("12.5"), transform.compile(params("locale", "de"), FieldSchema.text("t", 10))
                .apply(Value.text("12,50"), emptyContext()));
        assertEquals(Value.decimal("7"), transform.compile(TransformParameters.empty(), null).apply(Value.integer(7), emptyContext()));
    }

    @Test
    void writesTextInAPatternRoundingHalfUp() {
        assertEquals(Value.text("1,234.57"), transform.compile(params("pattern", "#,##0.00"), null)
                .apply(Value.decimal("1234.565"), emptyContext()));
        assertEquals(Value.text("1.234,57"), transform.compile(params("pattern", "#,##0.00", "locale", "de-DE"), null)
                .apply(Value.text("1.234,565"), emptyContext()));
    }

    @Test
    void unreadableNumberIsARecordErrorNamingTheValue() {
        RecordException e = assertThrows(RecordException.class, () -> transform.compile(TransformParameters.empty(), AMOUNT)
                .apply(Value.text("12 EUR"), emptyContext()));
        assertEquals("SalesPrice", e.field());
        assertTrue(e.getMessage().contains("'12 EUR'"), e.getMessage());
    }

    @Test
    void noValueStaysNoValue() {
        assertNull(transform.compile(TransformParameters.empty(), AMOUNT).apply(Value.text(" "), emptyContext()));
    }

    @Test
    void badParametersAreNamed() {
        assertEquals("decimalSeparator", assertThrows(ConfigurationException.class,
                () -> transform.compile(params("decimalSeparator", ",,"), null)).problems().get(0).field());
        assertEquals("decimalSeparator", assertThrows(ConfigurationException.class,
                () -> transform.compile(params("decimalSeparator", ","), null)).problems().get(0).field());
        assertEquals("pattern", assertThrows(ConfigurationException.class,
                () -> transform.compile(params("pattern", "#.#.#"), null)).problems().get(0).field());
        assertEquals("pattern", assertThrows(ConfigurationException.class,
                () -> transform.compile(params("pattern", "0.00"), AMOUNT)).problems().get(0).field());
        assertEquals("pattern", assertThrows(ConfigurationException.class,
                () -> transform.compile(TransformParameters.empty(), FieldSchema.of("d", ValueType.DATE))).problems().get(0).field());
    }
}
