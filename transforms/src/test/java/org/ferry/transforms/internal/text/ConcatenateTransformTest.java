package org.ferry.transforms.internal.text;

import static org.ferry.transforms.testing.Chains.context;
import static org.ferry.transforms.testing.Chains.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;

import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.Value;
import org.ferry.api.data.ValueType;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.RecordException;
import org.ferry.api.transform.TransformContext;
import org.ferry.api.transform.TransformFunction;
import org.junit.jupiter.api.Test;

class ConcatenateTransformTest {
    private final ConcatenateTransform transform = new ConcatenateTransform();
    private final TransformContext contact = context(EntityRecord.builder("contact")
            .text("firstname", "Ada").text("lastname", "Lovelace").text("middlename", " ").set("count", Value.integer(3))
            .build());

    @Test
    void joinsFieldsWithASeparator() {
        TransformFunction f = transform.compile(params("fields", List.of("firstname", "lastname"), "separator", " "), null);
        assertEquals(Value.text("Ada Lovelace"), f.apply(null, contact));
    }

    @Test
    void quotedPartsAreLiteralAndDollarValueIsTheChainValue() {
        TransformFunction f = transform.compile(params("fields", List.of("lastname", "', '", "$value", "' ('", "count", "')'")), null);
        assertEquals(Value.text("Lovelace, Countess (3)"), f.apply(Value.text("Countess"), contact));
    }

    @Test
    void emptyPartsAreSkippedUnlessAskedOtherwise() {
        List<String> parts = List.of("firstname", "middlename", "missing", "lastname");
        assertEquals(Value.text("Ada Lovelace"), transform.compile(params("fields", parts, "separator", " "), null).apply(null, contact));
        assertEquals(Value.text("Ada, ,,Lovelace"), transform.compile(params("fields", parts, "separator", ",", "skipEmpty", false), null)
                .apply(null, contact));
        assertNull(transform.compile(params("fields", List.of("missing", "$value")), null).apply(null, contact));
    }

    @Test
    void resultIsTypedByTheDestination() {
        TransformFunction f = transform.compile(params("fields", List.of("count", "'0'")), FieldSchema.of("n", ValueType.INTEGER));
        assertEquals(Value.integer(30), f.apply(null, contact));
        TransformFunction words = transform.compile(params("fields", List.of("firstname")), FieldSchema.of("n", ValueType.INTEGER));
        assertEquals("n", assertThrows(RecordException.class, () -> words.apply(null, contact)).field());
    }

    @Test
    void badPartsAreNamed() {
        assertEquals("fields", assertThrows(ConfigurationException.class, () -> transform.compile(params("fields", List.of()), null))
                .problems().get(0).field());
        assertEquals("fields", assertThrows(ConfigurationException.class,
                () -> transform.compile(params("fields", Arrays.asList("a", null)), null)).problems().get(0).field());
        assertEquals("fields", assertThrows(ConfigurationException.class,
                () -> transform.compile(params("fields", "firstname"), null)).problems().get(0).field());
        assertEquals("fields", assertThrows(ConfigurationException.class,
                () -> transform.compile(params("separator", " "), null)).problems().get(0).field());
    }
}
