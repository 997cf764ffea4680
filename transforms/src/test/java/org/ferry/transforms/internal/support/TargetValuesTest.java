package org.ferry.transforms.internal.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.Value;
import org.ferry.api.data.ValueType;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.RecordException;
import org.junit.jupiter.api.Test;

class TargetValuesTest {
    private static final FieldSchema INT = FieldSchema.of("CustomerGroupId", ValueType.INTEGER);

    @Test
    void textStaysTextWithoutTargetOrForTextAndLookupFields() {
        assertEquals(Value.text(" 10 "), TargetValues.convert(" 10 ", null));
        assertEquals(Value.text("10"), TargetValues.convert("10", FieldSchema.text("name", 20)));
        assertEquals(Value.text("CRM Service USA (sample)"),
                TargetValues.convert("CRM Service USA (sample)", FieldSchema.lookup("pricelevelid", "pricelevel")));
    }

    @Test
    void numbersFollowTheFieldType() {
        assertEquals(Value.integer(10), TargetValues.convert("10", INT));
        assertEquals(Value.integer(10), TargetValues.convert(" 10.00 ", INT));
        assertEquals(Value.integer(-3), TargetValues.convert("-3", INT));
        assertEquals(Value.decimal("12.50"), TargetValues.convert("+12.5", FieldSchema.of("price", ValueType.DECIMAL)));
        assertThrows(TargetValues.NotConvertible.class, () -> TargetValues.convert("10.5", INT));
        assertThrows(TargetValues.NotConvertible.class, () -> TargetValues.convert("ten", INT));
        assertThrows(TargetValues.NotConvertible.class, () -> TargetValues.convert("99999999999999999999", INT));
    }

    @Test
    void booleansAcceptTheSpellingsOfTheConnectedSystems() {
        FieldSchema flag = FieldSchema.of("IsStocked", ValueType.BOOLEAN);
        for (String yes : new String[] {"true", "TRUE", "Yes", "1"}) {
            assertEquals(Value.bool(true), TargetValues.convert(yes, flag), yes);
        }
        for (String no : new String[] {"false", "no", "NO", "0"}) {
            assertEquals(Value.bool(false), TargetValues.convert(no, flag), no);
        }
        assertThrows(TargetValues.NotConvertible.class, () -> TargetValues.convert("maybe", flag));
    }

    @Test
    void datesAcceptIsoAndTheTemplatesMonthDayYear() {
        FieldSchema date = FieldSchema.of("OrderDate", ValueType.DATE);
        assertEquals(Value.date(LocalDate.of(2020, 1, 31)), TargetValues.convert("2020-01-31", date));
        assertEquals(Value.date(LocalDate.of(2020, 1, 1)), TargetValues.convert("1/1/2020", date));
        assertEquals(Value.date(LocalDate.of(2020, 1, 31)), TargetValues.convert("2020-01-31T23:00:00Z", date));
        assertThrows(TargetValues.NotConvertible.class, () -> TargetValues.convert("2/30/2020", date));

        FieldSchema dateTime = FieldSchema.of("modifiedon", ValueType.DATE_TIME);
        assertEquals(Value.dateTime(Instant.parse("2020-01-31T07:00:00Z")),
                TargetValues.convert("2020-01-31T08:00:00+01:00", dateTime));
        assertEquals(Value.dateTime(Instant.parse("2020-01-31T00:00:00Z")), TargetValues.convert("2020-01-31", dateTime));
        assertEquals(Value.dateTime(Instant.parse("2020-01-31T08:00:00Z")), TargetValues.convert("2020-01-31T08:00", dateTime));
    }

    @Test
    void dateTextsReadLocalTimesInTheGivenZone() {
        assertEquals(Value.dateTime(Instant.parse("2020-01-31T07:00:00Z")),
                DateTexts.parse("2020-01-31T08:00:00", ZoneId.of("Europe/Berlin")).orElseThrow());
        assertTrue(DateTexts.parse("yesterday", ZoneId.of("UTC")).isEmpty());
    }

    @Test
    void failuresNameTheParameterOrTheField() {
        ConfigurationException config = assertThrows(ConfigurationException.class,
                () -> TargetValues.forParameter("defaultValue", "abc", INT));
        assertEquals("defaultValue", config.problems().get(0).field());
        assertTrue(config.getMessage().contains("'abc'") && config.getMessage().contains("CustomerGroupId"), config.getMessage());

        RecordException record = assertThrows(RecordException.class, () -> TargetValues.forRecord("abc", INT));
        assertEquals("CustomerGroupId", record.field());
        assertTrue(record.getMessage().contains("'abc' is not a number"), record.getMessage());
    }
}
