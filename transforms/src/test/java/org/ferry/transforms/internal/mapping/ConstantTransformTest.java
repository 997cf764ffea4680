package org.ferry.transforms.internal.mapping;

import static org.ferry.transforms.testing.Chains.emptyContext;
import static org.ferry.transforms.testing.Chains.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.Value;
import org.ferry.api.data.ValueType;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.transform.TransformFunction;
import org.ferry.api.transform.TransformParameters;
import org.junit.jupiter.api.Test;

class ConstantTransformTest {
    private final ConstantTransform transform = new ConstantTransform();

    @Test
    void replacesWhateverTheSourceHolds() {
        TransformFunction f = transform.compile(params("value", "ORG001"), FieldSchema.text("Organization_OrganizationId", 20));
        assertEquals(Value.text("ORG001"), f.apply(null, emptyContext()));
        assertEquals(Value.text("ORG001"), f.apply(Value.text("ORG002"), emptyContext()));
    }

    @Test
    void isTypedByTheDestinationField() {
        TransformFunction f = transform.compile(params("value", "3"), FieldSchema.of("customertypecode", ValueType.INTEGER));
        assertEquals(Value.integer(3), f.apply(Value.text("x"), emptyContext()));
    }

    @Test
    void badValueOrNoValueNamesTheParameter() {
        assertEquals("value", assertThrows(ConfigurationException.class, () -> transform.compile(params("value", "x"),
                FieldSchema.of("customertypecode", ValueType.INTEGER))).problems().get(0).field());
        assertEquals("value", assertThrows(ConfigurationException.class,
                () -> transform.compile(TransformParameters.empty(), null)).problems().get(0).field());
    }
}
