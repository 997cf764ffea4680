package org.ferry.transforms.internal.text;

import static org.ferry.transforms.testing.Chains.emptyContext;
import static org.ferry.transforms.testing.Chains.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.Value;
import org.ferry.api.data.ValueType;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.transform.TransformParameters;
import org.junit.jupiter.api.Test;

class TrimAndCaseTransformTest {
    private final TrimTransform trim = new TrimTransform();
    private final UpperCaseTransform upper = new UpperCaseTransform();
    private final LowerCaseTransform lower = new LowerCaseTransform();

    @Test
    void trimRemovesOuterWhiteSpaceAndOptionallyInnerRuns() {
        Value v = Value.text("\u00A0 Contoso \t Ltd \n");
        assertEquals(Value.text("Contoso \t Ltd"), trim.compile(TransformParameters.empty(), null).apply(v, emptyContext()));
        assertEquals(Value.text("Contoso Ltd"), trim.compile(params("collapseSpaces", true), null).apply(v, emptyContext()));
        assertEquals(Value.integer(42), trim.compile(TransformParameters.empty(), FieldSchema.of("n", ValueType.INTEGER))
                .apply(Value.text(" 42 "), emptyContext()));
    }

    @Test
    void caseChangesAreLocaleNeutralByDefault() {
        assertEquals(Value.text("USMF-ID"), upper.compile(TransformParameters.empty(), null).apply(Value.text("usmf-id"), emptyContext()));
        assertEquals(Value.text("en-us"), lower.compile(TransformParameters.empty(), null).apply(Value.text("EN-US"), emptyContext()));
        assertEquals(Value.text("İ"), upper.compile(params("locale", "tr"), null).apply(Value.text("i"), emptyContext()));
    }

    @Test
    void nonTextAndNoValuePassUnchanged() {
        Value number = Value.decimal("1.5");
        assertSame(number, trim.compile(TransformParameters.empty(), null).apply(number, emptyContext()));
        assertSame(number, upper.compile(TransformParameters.empty(), null).apply(number, emptyContext()));
        assertNull(lower.compile(TransformParameters.empty(), null).apply(null, emptyContext()));
    }

    @Test
    void badParametersAreNamed() {
        assertEquals("locale", assertThrows(ConfigurationException.class, () -> upper.compile(params("locale", "!!"), null))
                .problems().get(0).field());
        assertEquals("collapseSpaces", assertThrows(ConfigurationException.class,
                () -> trim.compile(params("collapseSpaces", "often"), null)).problems().get(0).field());
        assertEquals("length", assertThrows(ConfigurationException.class, () -> lower.compile(params("length", 3), null))
                .problems().get(0).field());
    }
}
