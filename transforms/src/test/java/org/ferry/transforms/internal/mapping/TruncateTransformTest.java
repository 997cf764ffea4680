package org.ferry.transforms.internal.mapping;

import static org.ferry.transforms.testing.Chains.emptyContext;
import static org.ferry.transforms.testing.Chains.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;

import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.Value;
import org.ferry.api.data.ValueType;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.RecordException;
import org.ferry.api.transform.TransformFunction;
import org.ferry.api.transform.TransformParameters;
import org.junit.jupiter.api.Test;

class TruncateTransformTest {
    private final TruncateTransform transform = new TruncateTransform();

    @Test
    void cutsTextToTheDestinationFieldsMaximumLength() {
        TransformFunction f = transform.compile(TransformParameters.empty(), FieldSchema.text("accountnumber", 5));
        assertEquals(Value.text("ACC-0"), f.apply(Value.text("ACC-01000"), emptyContext()));
        assertEquals(Value.text("ACC"), f.apply(Value.text("ACC"), emptyContext()));
        assertEquals(Value.text("ACC-0"), f.apply(Value.text("ACC-0"), emptyContext()));
        assertNull(f.apply(null, emptyContext()));
    }

    @Test
    void aGivenLengthWinsButNeverExceedsTheField() {
        assertEquals(Value.text("AB"), transform.compile(params("length", 2), FieldSchema.text("code", 10))
                .apply(Value.text("ABCDEF"), emptyContext()));
        assertEquals(Value.text("ABC"), transform.compile(params("length", "8"), FieldSchema.text("code", 3))
                .apply(Value.text("ABCDEF"), emptyContext()));
        assertEquals(Value.text("ABCD"), transform.compile(params("length", 4), null)
                .apply(Value.text("ABCDEF"), emptyContext()));
    }

    @Test
    void neverLeavesHalfACharacter() {
        String text = "ab\uD83D\uDE00cd";
        assertEquals(Value.text("ab"), transform.compile(params("length", 3), null).apply(Value.text(text), emptyContext()));
        assertEquals(Value.text("ab\uD83D\uDE00"), transform.compile(params("length", 4), null).apply(Value.text(text), emptyContext()));
    }

    @Test
    void decimalsAreCutTowardZeroToTheDestinationScale() {
        FieldSchema price = FieldSchema.of("price", ValueType.DECIMAL).withScale(2);
        TransformFunction f = transform.compile(TransformParameters.empty(), price);
        assertEquals("12.34", f.apply(Value.decimal("12.3499"), emptyContext()).asText());
        assertEquals("-12.34", f.apply(Value.decimal("-12.349"), emptyContext()).asText());
        assertEquals(Value.decimal("12.3"), f.apply(Value.decimal("12.3"), emptyContext()));
    }

    @Test
    void decimalsBecomeIntegersTowardZero() {
        TransformFunction f = transform.compile(TransformParameters.empty(), FieldSchema.of("Quantity", ValueType.INTEGER));
        assertEquals(Value.integer(12), f.apply(Value.decimal("12.99"), emptyContext()));
        assertEquals(Value.integer(-12), f.apply(Value.decimal("-12.99"), emptyContext()));
        RecordException tooLarge = assertThrows(RecordException.class,
                () -> f.apply(Value.decimal("1e30"), emptyContext()));
        assertEquals("Quantity", tooLarge.field());
    }

    @Test
    void nonTextValuesBoundForATextFieldAreCutAsText() {
        TransformFunction f = transform.compile(TransformParameters.empty(), FieldSchema.text("code", 4));
        assertEquals(Value.text("1234"), f.apply(Value.decimal("1234.5678"), emptyContext()));
    }

    @Test
    void otherValuesPassUnchanged() {
        TransformFunction f = transform.compile(TransformParameters.empty(), FieldSchema.of("d", ValueType.DATE));
        Value date = Value.date(LocalDate.of(2020, 1, 1));
        assertSame(date, f.apply(date, emptyContext()));
        Value text = Value.text("no limit anywhere");
        assertSame(text, transform.compile(TransformParameters.empty(), null).apply(text, emptyContext()));
    }

    @Test
    void badLengthIsNamed() {
        ConfigurationException zero = assertThrows(ConfigurationException.class, () -> transform.compile(params("length", 0), null));
        assertEquals("length", zero.problems().get(0).field());
        ConfigurationException text = assertThrows(ConfigurationException.class, () -> transform.compile(params("length", "ten"), null));
        assertEquals("length", text.problems().get(0).field());
        assertTrue(text.getMessage().contains("whole number"), text.getMessage());
    }
}
