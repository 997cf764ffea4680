package org.ferry.transforms.internal.text;

import static org.ferry.transforms.testing.Chains.emptyContext;
import static org.ferry.transforms.testing.Chains.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.Value;
import org.ferry.api.data.ValueType;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.transform.TransformFunction;
import org.junit.jupiter.api.Test;

class SplitTransformTest {
    private final SplitTransform transform = new SplitTransform();

    @Test
    void keepsThePieceAtTheIndex() {
        Value name = Value.text("Ada King Lovelace");
        assertEquals(Value.text("Ada"), transform.compile(params("separator", " "), null).apply(name, emptyContext()));
        assertEquals(Value.text("King"), transform.compile(params("separator", " ", "index", 1), null).apply(name, emptyContext()));
        assertEquals(Value.text("Lovelace"), transform.compile(params("separator", " ", "index", -1), null).apply(name, emptyContext()));
    }

    @Test
    void separatorIsLiteralAndPiecesAreTrimmedByDefault() {
        Value v = Value.text("a. b.c");
        assertEquals(Value.text("b"), transform.compile(params("separator", ".", "index", 1), null).apply(v, emptyContext()));
        assertEquals(Value.text(" b"), transform.compile(params("separator", ".", "index", 1, "trim", false), null)
                .apply(v, emptyContext()));
    }

    @Test
    void missingPieceOrValueIsNoValue() {
        TransformFunction second = transform.compile(params("separator", " ", "index", 1), null);
        assertNull(second.apply(Value.text("Cher"), emptyContext()));
        assertNull(second.apply(null, emptyContext()));
        assertNull(transform.compile(params("separator", " ", "index", -3), null).apply(Value.text("a b"), emptyContext()));
    }

    @Test
    void pieceIsTypedByTheDestination() {
        assertEquals(Value.integer(12), transform.compile(params("separator", " "), FieldSchema.of("qty", ValueType.INTEGER))
                .apply(Value.text("12 pcs"), emptyContext()));
    }

    @Test
    void badParametersAreNamed() {
        assertEquals("separator", assertThrows(ConfigurationException.class, () -> transform.compile(params("index", 1), null))
                .problems().get(0).field());
        assertEquals("separator", assertThrows(ConfigurationException.class, () -> transform.compile(params("separator", ""), null))
                .problems().get(0).field());
        assertEquals("index", assertThrows(ConfigurationException.class,
                () -> transform.compile(params("separator", " ", "index", "second"), null)).problems().get(0).field());
    }
}
