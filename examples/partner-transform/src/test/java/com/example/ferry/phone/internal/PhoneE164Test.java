package com.example.ferry.phone.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.Value;
import org.ferry.api.data.ValueType;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.RecordException;
import org.ferry.api.transform.TransformContext;
import org.ferry.api.transform.TransformFunction;
import org.ferry.api.transform.TransformParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneE164Test {
    private final PhoneE164 transform = new PhoneE164();

    private TransformFunction compile(Map<String, ?> parameters) {
        return transform.compile(TransformParameters.of(parameters), FieldSchema.text("telephone1", 50));
    }

    private static TransformContext context(Map<String, Value> source) {
        return new TransformContext() {
            @Override
            public EntityRecord source() {
                EntityRecord.Builder b = EntityRecord.builder("account");
                source.forEach(b::set);
                return b.build();
            }

            @Override
            public Value field(String path) {
                return source.get(path);
            }

            @Override
            public String organization() {
                return null;
            }
        };
    }

    private String apply(Map<String, ?> parameters, String phone) {
        Value result = compile(parameters).apply(Value.text(phone), context(Map.of()));
        return result == null ? null : result.asText();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "US | +1 (425) 555-0100     | +14255550100",
        "US | 425.555.0100          | +14255550100",
        "US | 1-425-555-0100        | +14255550100",
        "US | (425) 555 0100        | +14255550100",
        "US | 011 49 30 123456      | +4930123456",
        "US | 00 49 30 123456       | +4930123456",
        "US | 011 44 20 7946 0958   | +442079460958",
        "DE | (030) 123456          | +4930123456",
        "DE | 030/123456            | +4930123456",
        "DE | +49 (0)30 123456      | +4930123456",
        "DE | 0049 30 123456        | +4930123456",
        "GB | 020 7946 0958         | +442079460958",
        "GB | +44 (0)20 7946 0958   | +442079460958",
        "FR | 01 23 45 67 89        | +33123456789",
        "NL | 020-123 4567          | +31201234567",
        "IT | 06 1234 5678          | +390612345678",
        "IT | +39 06 1234 5678      | +390612345678",
        "ES | 912 345 678           | +34912345678",
        "CH | 044 668 18 00         | +41446681800",
        "AT | 01 5123456            | +4315123456",
        "AU | (02) 9876 5432        | +61298765432",
        "AU | 0011 1 425 555 0100   | +14255550100",
        "JP | 03-1234-5678          | +81312345678",
        "JP | 010 44 20 7946 0958   | +442079460958",
        "IN | 098765 43210          | +919876543210",
        "CN | 010 1234 5678         | +861012345678",
        "BR | (11) 91234-5678       | +5511912345678",
        "MX | 55 1234 5678          | +525512345678",
        "RU | 8 (812) 123-45-67     | +78121234567",
        "RU | 812 123 45 67         | +78121234567",
        "HU | 06 1 234 5678         | +3612345678",
        "CA | +1 416 555 0199       | +14165550199",
        "DE | tel:+49-30-123456     | +4930123456",
        "US | +351 912 345 678      | +351912345678",
        "US | +372 5123 4567        | +37251234567",
    })
    void normalizes(String country, String input, String expected) {
        assertEquals(expected, apply(Map.of("defaultCountry", country), input));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1 (425) 555-0100 x123", "425.555.0100 ext. 123", "4255550100;ext=123",
        "425-555-0100 extension 123", "(425) 555-0100 #123", "425 555 0100, x 123"})
    void dropsExtensionsByDefaultAndKeepsThemOnRequest(String input) {
        assertEquals("+14255550100", apply(Map.of("defaultCountry", "US"), input));
        assertEquals("+14255550100;ext=123", apply(Map.of("defaultCountry", "US", "extension", "keep"), input));
        RecordException e = assertThrows(RecordException.class,
                () -> apply(Map.of("defaultCountry", "US", "extension", "reject"), input));
        assertTrue(e.getMessage().contains(input), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"call me", "n/a", "1-800-FLOWERS", "12", "+0 123 456 789", "425555010",
        "42555501000", "+1 (125) 555-0100", "+1 425 155 0100", "+49 30", "4+25 555 0100", "++1 425 555 0100",
        "+99 1234567890123456", "---", "555-0100 x"})
    void rejectsGarbageNamingTheValue(String input) {
        RecordException e = assertThrows(RecordException.class, () -> apply(Map.of("defaultCountry", "US"), input));
        assertTrue(e.getMessage().contains("'" + input + "'"), e.getMessage());
        assertEquals("telephone1", e.field());
    }

    @Test
    void nationalNumberWithoutAnyCountryIsARecordError() {
        assertEquals("+4930123456", apply(Map.of(), "+49 30 123456"));
        RecordException e = assertThrows(RecordException.class, () -> apply(Map.of(), "030 123456"));
        assertTrue(e.getMessage().contains("defaultCountry"), e.getMessage());
    }

    @Test
    void recordCountryFromCountryFieldWinsOverDefault() {
        TransformFunction f = compile(Map.of("defaultCountry", "US", "countryField", "address1_country"));
        assertEquals("+4930123456", f.apply(Value.text("(030) 123456"),
                context(Map.of("address1_country", Value.text("DEU")))).asText());
        assertEquals("+442079460958", f.apply(Value.text("020 7946 0958"),
                context(Map.of("address1_country", Value.text("gb")))).asText());
        Map<String, Value> noCountry = new HashMap<>();
        noCountry.put("address1_country", null);
        assertEquals("+14255550100", f.apply(Value.text("425 555 0100"), context(noCountry)).asText());
        assertEquals("+14255550100", f.apply(Value.text("425 555 0100"),
                context(Map.of("address1_country", Value.text(" ")))).asText());
        RecordException e = assertThrows(RecordException.class, () -> f.apply(Value.text("425 555 0100"),
                context(Map.of("address1_country", Value.text("Atlantis")))));
        assertEquals("address1_country", e.field());
        assertTrue(e.getMessage().contains("Atlantis"));
    }

    @Test
    void emptyValuesStayEmptyAndIntegersAreRead() {
        TransformFunction f = compile(Map.of("defaultCountry", "US"));
        assertNull(f.apply(null, context(Map.of())));
        assertNull(f.apply(Value.text("  "), context(Map.of())));
        assertEquals("+14255550100", f.apply(Value.integer(4255550100L), context(Map.of())).asText());
        assertThrows(RecordException.class, () -> f.apply(Value.decimal(new BigDecimal("4.25")), context(Map.of())));
    }

    @Test
    void badParametersAreConfigurationErrorsNamingTheParameter() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> compile(Map.of("defaultCountry", "XX", "extension", "maybe")));
        assertEquals(2, e.problems().size());
        assertEquals("defaultCountry", e.problems().get(0).field());
        assertEquals("extension", e.problems().get(1).field());
        assertThrows(ConfigurationException.class, () -> compile(Map.of("defaultCountry", "USA")));
        assertThrows(ConfigurationException.class, () -> transform.compile(
                TransformParameters.of(Map.of("defaultCountry", "US")), FieldSchema.of("n", ValueType.INTEGER)));
    }

    @Test
    void compilesWithoutTargetAndDescribesItself() {
        TransformFunction f = transform.compile(TransformParameters.of(Map.of("defaultCountry", "us")), null);
        assertEquals("+14255550100", f.apply(Value.text("425-555-0100"), context(Map.of())).asText());
        assertEquals("PhoneE164", transform.type());
        assertEquals(3, transform.parameters().size());
    }
}
