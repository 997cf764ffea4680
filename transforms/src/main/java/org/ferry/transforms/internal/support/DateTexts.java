package org.ferry.transforms.internal.support;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;

import org.ferry.api.data.DateTimeValue;
import org.ferry.api.data.DateValue;
import org.ferry.api.data.Value;

/**
 * Reads dates written as text without a pattern: the ISO-8601 forms every connector emits, and the
 * month/day/year form the Data Integrator templates use for defaults ({@code 1/1/2020}).
 */
public final class DateTexts {
    private static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("M/d/uuuu").withResolverStyle(ResolverStyle.STRICT);

    private DateTexts() {
    }

    /**
     * @param text a date ({@code 2020-01-31}, {@code 1/31/2020}) or a date-time with or without offset
     * @param zone the zone of a date-time written without offset
     * @return a {@link DateValue} for a date, a {@link DateTimeValue} for a date-time, or empty if neither
     */
    public static Optional<Value> parse(String text, ZoneId zone) {
        String s = text.strip();
        try {
            return Optional.of(Value.date(LocalDate.parse(s)));
        } catch (DateTimeParseException notIsoDate) {
            // try the next form
        }
        try {
            return Optional.of(Value.date(LocalDate.parse(s, US_DATE)));
        } catch (DateTimeParseException notUsDate) {
            // try the next form
        }
        try {
            return Optional.of(Value.dateTime(ZonedDateTime.parse(s, DateTimeFormatter.ISO_DATE_TIME).toInstant()));
        } catch (DateTimeParseException noOffset) {
            // try the next form
        }
        try {
            return Optional.of(Value.dateTime(LocalDateTime.parse(s).atZone(zone).toInstant()));
        } catch (DateTimeParseException notDateTime) {
            return Optional.empty();
        }
    }
}
