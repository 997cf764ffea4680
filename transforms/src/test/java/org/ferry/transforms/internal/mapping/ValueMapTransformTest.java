package org.ferry.transforms.internal.mapping;

import static org.ferry.transforms.testing.Chains.emptyContext;
import static org.ferry.transforms.testing.Chains.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.Value;
import org.ferry.api.data.ValueType;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.RecordException;
import org.ferry.api.transform.TransformFunction;
import org.junit.jupiter.api.Test;

class ValueMapTransformTest {
    private static final FieldSchema STATE = FieldSchema.text("DeliveryAddressStateId", 10);
    private final ValueMapTransform transform = new ValueMapTransform();

    private TransformFunction compile(Map<String, ?> map, FieldSchema target) {
        return transform.compile(params("valueMap", map), target);
    }

    @Test
    void mapsListedValues() {
        TransformFunction f = compile(Map.of("Alabama", "AL", "Alaska", "AK"), STATE);
        assertEquals(Value.text("AL"), f.apply(Value.text("Alabama"), emptyContext()));
        assertEquals(Value.text("AK"), f.apply(Value.text("Alaska"), emptyContext()));
    }

    @Test
    void exactMatchFirstThenIgnoringCaseAndSurroundingSpace() {
        TransformFunction f = compile(Map.of("Alabama", "AL"), STATE);
        assertEquals(Value.text("AL"), f.apply(Value.text("ALABAMA"), emptyContext()));
        assertEquals(Value.text("AL"), f.apply(Value.text(" alabama "), emptyContext()));

        TransformFunction caseMatters = compile(Map.of("a", "lower", "A", "upper"), null);
        assertEquals(Value.text("lower"), caseMatters.apply(Value.text("a"), emptyContext()));
        assertEquals(Value.text("upper"), caseMatters.apply(Value.text("A"), emptyContext()));
        assertThrows(RecordException.class, () -> caseMatters.apply(Value.text(" a"), emptyContext()),
                "keys differing only in case must not match each other's variants by accident");
    }

    @Test
    void blankKeyIsTheDefaultForUnlistedAndAbsentValues() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("United States", "US");
        map.put("", "US");
        TransformFunction f = compile(map, FieldSchema.text("DeliveryAddressCountryRegionISOCode", 2));
        assertEquals(Value.text("US"), f.apply(Value.text("Canada"), emptyContext()));
        assertEquals(Value.text("US"), f.apply(null, emptyContext()));
        assertEquals(Value.text("US"), f.apply(Value.text(" "), emptyContext()));
    }

    @Test
    void absentValueWithoutDefaultStaysAbsent() {
        assertNull(compile(Map.of("Alabama", "AL"), STATE).apply(null, emptyContext()));
    }

    @Test
    void unmappedValueWithoutDefaultIsARecordErrorNamingTheValueAndSomeKeys() {
        Map<String, String> map = new HashMap<>();
        for (String s : List.of("Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut")) {
            map.put(s, s.substring(0, 2).toUpperCase());
        }
        RecordException e = assertThrows(RecordException.class,
                () -> compile(map, STATE).apply(Value.text("Atlantis"), emptyContext()));
        assertEquals("DeliveryAddressStateId", e.field());
        assertTrue(e.getMessage().contains("'Atlantis'"), e.getMessage());
        assertTrue(e.getMessage().contains("'Alabama', 'Alaska', 'Arizona', 'Arkansas', 'California' and 2 more"), e.getMessage());
    }

    @Test
    void mapsNonTextValuesByTheirCanonicalText() {
        TransformFunction f = compile(Map.of("inventory", "690970000", "1.5", "one and a half"), null);
        assertEquals(Value.text("one and a half"), f.apply(Value.decimal("1.50"), emptyContext()));
    }

    @Test
    void outputIsTypedByTheDestinationField() {
        TransformFunction f = compile(Map.of("inventory", "690970000", "service", new BigDecimal("690970002")),
                FieldSchema.of("msdyn_fieldserviceproducttype", ValueType.INTEGER));
        assertEquals(Value.integer(690970000), f.apply(Value.text("inventory"), emptyContext()));
        assertEquals(Value.integer(690970002), f.apply(Value.text("service"), emptyContext()));
    }

    @Test
    void nullOnTheRightWritesNoValue() {
        Map<String, String> map = new HashMap<>();
        map.put("n/a", null);
        assertNull(compile(map, STATE).apply(Value.text("n/a"), emptyContext()));
    }

    @Test
    void badMapsAreConfigurationErrorsNamingTheParameter() {
        ConfigurationException untyped = assertThrows(ConfigurationException.class,
                () -> compile(Map.of("inventory", "lots"), FieldSchema.of("code", ValueType.INTEGER)));
        assertEquals("valueMap.inventory", untyped.problems().get(0).field());
        assertEquals("valueMap", assertThrows(ConfigurationException.class, () -> compile(Map.of(), null))
                .problems().get(0).field());
        assertEquals("valueMap", assertThrows(ConfigurationException.class,
                () -> transform.compile(params("valueMap", "Alabama=AL"), null)).problems().get(0).field());
        assertEquals("valueMap", assertThrows(ConfigurationException.class,
                () -> compile(Map.of("", "a", " ", "b"), null)).problems().get(0).field());
    }
}
