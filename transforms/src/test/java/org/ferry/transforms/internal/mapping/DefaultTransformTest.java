package org.ferry.transforms.internal.mapping;

import static org.ferry.transforms.testing.Chains.emptyContext;
import static org.ferry.transforms.testing.Chains.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.Value;
import org.ferry.api.data.ValueType;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.transform.TransformFunction;
import org.ferry.api.transform.TransformParameters;
import org.junit.jupiter.api.Test;

class DefaultTransformTest {
    private final DefaultTransform transform = new DefaultTransform();

    @Test
    void fillsNoValueAndBlankText() {
        TransformFunction f = transform.compile(params("defaultValue", "en-us"), FieldSchema.text("LanguageId", 7));
        assertEquals(Value.text("en-us"), f.apply(null, emptyContext()));
        assertEquals(Value.text("en-us"), f.apply(Value.text(""), emptyContext()));
        assertEquals(Value.text("en-us"), f.apply(Value.text("  "), emptyContext()));
    }

    @Test
    void keepsAValueThatIsThere() {
        TransformFunction f = transform.compile(params("defaultValue", "10"), FieldSchema.of("CustomerGroupId", ValueType.INTEGER));
        Value present = Value.integer(20);
        assertSame(present, f.apply(present, emptyContext()));
        Value text = Value.text("x");
        assertSame(text, transform.compile(params("defaultValue", "y"), null).apply(text, emptyContext()));
    }

    @Test
    void defaultIsTypedByTheDestinationField() {
        assertEquals(Value.integer(10), transform.compile(params("defaultValue", "10"),
                FieldSchema.of("CustomerGroupId", ValueType.INTEGER)).apply(null, emptyContext()));
        assertEquals(Value.integer(0), transform.compile(params("defaultValue", new BigDecimal("0")),
                FieldSchema.of("quantitydecimal", ValueType.INTEGER)).apply(null, emptyContext()));
        assertEquals(Value.bool(true), transform.compile(params("defaultValue", "true"),
                FieldSchema.of("msdynce_ismaintainedexternally", ValueType.BOOLEAN)).apply(null, emptyContext()));
        assertEquals(Value.bool(true), transform.compile(params("defaultValue", Boolean.TRUE),
                FieldSchema.of("flag", ValueType.BOOLEAN)).apply(null, emptyContext()));
        assertEquals(Value.date(LocalDate.of(2020, 1, 1)), transform.compile(params("defaultValue", "1/1/2020"),
                FieldSchema.of("RequestedDeliveryDate", ValueType.DATE)).apply(null, emptyContext()));
        assertEquals(Value.text("10"), transform.compile(params("defaultValue", "10"), null).apply(null, emptyContext()));
    }

    @Test
    void aDefaultTheFieldCannotHoldIsAConfigurationError() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> transform.compile(
                params("defaultValue", "ten"), FieldSchema.of("CustomerGroupId", ValueType.INTEGER)));
        assertEquals("defaultValue", e.problems().get(0).field());
        assertTrue(e.getMessage().contains("'ten'"), e.getMessage());
        assertThrows(ConfigurationException.class, () -> transform.compile(
                params("defaultValue", "maybe"), FieldSchema.of("flag", ValueType.BOOLEAN)));
    }

    @Test
    void missingOrMistypedParameterIsNamed() {
        ConfigurationException missing = assertThrows(ConfigurationException.class,
                () -> transform.compile(TransformParameters.empty(), null));
        assertEquals("defaultValue", missing.problems().get(0).field());

        ConfigurationException typo = assertThrows(ConfigurationException.class,
                () -> transform.compile(params("defaultvalue", "x"), null));
        assertEquals("defaultvalue", typo.problems().get(0).field());
        assertTrue(typo.getMessage().contains("did you mean 'defaultValue'"), typo.getMessage());

        ConfigurationException wrongType = assertThrows(ConfigurationException.class,
                () -> transform.compile(params("defaultValue", List.of("a")), null));
        assertEquals("defaultValue", wrongType.problems().get(0).field());
    }

    @Test
    void toleratesTheTransformTypeOfAVerbatimChainElement() {
        TransformFunction f = transform.compile(params("transformType", "Default", "defaultValue", "standard"), null);
        assertEquals(Value.text("standard"), f.apply(null, emptyContext()));
    }
}
