package org.ferry.transforms.internal.format;

import static org.ferry.transforms.testing.Chains.emptyContext;
import static org.ferry.transforms.testing.Chains.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;

import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.Value;
import org.ferry.api.data.ValueType;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.RecordException;
import org.ferry.api.transform.TransformFunction;
import org.ferry.api.transform.TransformParameters;
import org.junit.jupiter.api.Test;

class DateFormatTransformTest {
    private static final FieldSchema DATE = FieldSchema.of("RequestedShippingDate", ValueType.DATE);
    private static final FieldSchema DATE_TIME = FieldSchema.of("modifiedon", ValueType.DATE_TIME);
    private static final FieldSchema TEXT = FieldSchema.text("ExternalDate", 20);
    private final DateFormatTransform transform = new DateFormatTransform();

    @Test
    void readsTextInAPatternIntoADateField() {
        TransformFunction f = transform.compile(params("from", "dd.MM.yyyy"), DATE);
        assertEquals(Value.date(LocalDate.of(2020, 1, 31)), f.apply(Value.text("31.01.2020"), emptyContext()));
        assertEquals(Value.date(LocalDate.of(2020, 3, 5)), transform.compile(params("from", "d MMM yyyy"), DATE)
                .apply(Value.text("5 mar 2020"), emptyContext()));
    }

    @Test
    void readsIsoByDefaultAndConvertsBetweenDatesAndDateTimes() {
        assertEquals(Value.date(LocalDate.of(2020, 1, 31)), transform.compile(TransformParameters.empty(), DATE)
                .apply(Value.text("2020-01-31T22:00:00Z"), emptyContext()));
        assertEquals(Value.date(LocalDate.of(2020, 2, 1)), transform.compile(params("timeZone", "Europe/Berlin"), DATE)
                .apply(Value.dateTime(Instant.parse("2020-01-31T23:30:00Z")), emptyContext()));
        assertEquals(Value.dateTime(Instant.parse("2020-01-30T23:00:00Z")), transform.compile(params("timeZone", "Europe/Berlin"), DATE_TIME)
                .apply(Value.date(LocalDate.of(2020, 1, 31)), emptyContext()));
        assertEquals(Value.dateTime(Instant.parse("2020-01-31T07:00:00Z")),
                transform.compile(params("from", "yyyy-MM-dd HH:mm", "timeZone", "Europe/Berlin"), DATE_TIME)
                        .apply(Value.text("2020-01-31 08:00"), emptyContext()));
        assertEquals(Value.text("2020-01-31"), transform.compile(TransformParameters.empty(), TEXT)
                .apply(Value.date(LocalDate.of(2020, 1, 31)), emptyContext()));
        assertEquals(Value.date(LocalDate.of(2020, 1, 31)), transform.compile(TransformParameters.empty(), null)
                .apply(Value.text("2020-01-31"), emptyContext()));
    }

    @Test
    void writesTextInAPattern() {
        assertEquals(Value.text("20200131"), transform.compile(params("to", "yyyyMMdd"), TEXT)
                .apply(Value.date(LocalDate.of(2020, 1, 31)), emptyContext()));
        assertEquals(Value.text("1/31/2020 00:00"), transform.compile(params("from", "dd.MM.yyyy", "to", "M/d/yyyy HH:mm"), TEXT)
                .apply(Value.text("31.01.2020"), emptyContext()));
        assertEquals(Value.text("31.01.2020 09:00"), transform.compile(params("to", "dd.MM.yyyy HH:mm", "timeZone", "Europe/Berlin"), TEXT)
                .apply(Value.dateTime(Instant.parse("2020-01-31T08:00:00Z")), emptyContext()));
        assertEquals(Value.integer(20200131), transform.compile(params("to", "yyyyMMdd"), FieldSchema.of("n", ValueType.INTEGER))
                .apply(Value.text("2020-01-31"), emptyContext()));
    }

    @Test
    void unreadableDateIsARecordErrorNamingTheValue() {
        RecordException e = assertThrows(RecordException.class, () -> transform.compile(params("from", "dd.MM.yyyy"), DATE)
                .apply(Value.text("2020-01-31"), emptyContext()));
        assertEquals("RequestedShippingDate", e.field());
        assertTrue(e.getMessage().contains("'2020-01-31'"), e.getMessage());
        assertThrows(RecordException.class, () -> transform.compile(TransformParameters.empty(), DATE)
                .apply(Value.text("31.01.2020"), emptyContext()));
    }

    @Test
    void noValueStaysNoValue() {
        TransformFunction f = transform.compile(TransformParameters.empty(), DATE);
        assertNull(f.apply(null, emptyContext()));
        assertNull(f.apply(Value.text(""), emptyContext()));
    }

    @Test
    void badParametersAreNamed() {
        assertEquals("from", assertThrows(ConfigurationException.class, () -> transform.compile(params("from", "yyyy-qq-{"), null))
                .problems().get(0).field());
        assertEquals("to", assertThrows(ConfigurationException.class, () -> transform.compile(params("to", "bad{"), null))
                .problems().get(0).field());
        assertEquals("to", assertThrows(ConfigurationException.class, () -> transform.compile(params("to", "yyyyMMdd"), DATE))
                .problems().get(0).field());
        assertEquals("to", assertThrows(ConfigurationException.class,
                () -> transform.compile(TransformParameters.empty(), FieldSchema.of("flag", ValueType.BOOLEAN))).problems().get(0).field());
        assertEquals("timeZone", assertThrows(ConfigurationException.class, () -> transform.compile(params("timeZone", "Mars/Olympus"), null))
                .problems().get(0).field());
    }
}
