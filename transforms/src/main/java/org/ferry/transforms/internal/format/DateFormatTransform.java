package org.ferry.transforms.internal.format;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.UnsupportedTemporalTypeException;
import java.util.Locale;
import java.util.Optional;

import org.ferry.api.data.DateTimeValue;
import org.ferry.api.data.DateValue;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.Value;
import org.ferry.api.data.ValueType;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.RecordException;
import org.ferry.api.transform.ParameterType;
import org.ferry.api.transform.Transform;
import org.ferry.api.transform.TransformFunction;
import org.ferry.api.transform.TransformParameters;
import org.ferry.transforms.internal.support.BuiltInTransform;
import org.ferry.transforms.internal.support.DateTexts;
import org.ferry.transforms.internal.support.TargetValues;
import org.osgi.service.component.annotations.Component;

/**
 * Reads dates written as text and writes them as dates, date-times or text in another pattern:
 * {@code {"transformType": "DateFormat", "from": "dd.MM.yyyy"}} into a date field, or
 * {@code {"to": "yyyyMMdd"}} into a text field. Patterns are {@link DateTimeFormatter}'s.
 *
 * <p>Without {@code to}, the result takes the destination's type (a date, a date-time, or ISO text);
 * date-times without an offset are read, and dates become date-times, in {@code timeZone} (UTC by default).
 */
@Component(service = Transform.class, property = Transform.TYPE + "=" + DateFormatTransform.TYPE)
public final class DateFormatTransform extends BuiltInTransform {
    static final String TYPE = "DateFormat";
    static final String FROM = "from";
    static final String TO = "to";
    static final String TIME_ZONE = "timeZone";
    static final String LOCALE = "locale";

    public DateFormatTransform() {
        super(TYPE, "Date format",
                "Reads a date from text in a given pattern and writes it as a date, or as text in another pattern.",
                optional(FROM, "Read pattern", ParameterType.TEXT,
                        "How the source writes dates, e.g. dd.MM.yyyy or M/d/yyyy h:mm a; by default ISO-8601 "
                                + "(2020-01-31, 2020-01-31T08:00:00Z)."),
                optional(TO, "Write pattern", ParameterType.TEXT,
                        "Write the date as text in this pattern, e.g. yyyyMMdd; by default the destination field's "
                                + "type decides (date, date-time or ISO text)."),
                optional(TIME_ZONE, "Time zone", ParameterType.TEXT,
                        "Zone of times written without an offset, and of times written with 'to' (default UTC), "
                                + "e.g. Europe/Berlin."),
                optional(LOCALE, "Language", ParameterType.TEXT,
                        "Language of month and day names in the patterns (default en)."));
    }

    @Override
    protected TransformFunction prepare(TransformParameters parameters, FieldSchema target) {
        Locale locale = locale(parameters, LOCALE).orElse(Locale.ENGLISH);
        ZoneId zone = zone(parameters);
        DateTimeFormatter from = parameters.text(FROM).map(p -> formatter(FROM, p, locale)).orElse(null);
        DateTimeFormatter to = parameters.text(TO).map(p -> formatter(TO, p, locale)).orElse(null);
        ValueType targetType = target == null ? null : target.type();
        if (to != null && (targetType == ValueType.DATE || targetType == ValueType.DATE_TIME)) {
            throw new ConfigurationException(TO, "writes text, but " + TargetValues.describe(target)
                    + " takes the date itself; leave 'to' out");
        }
        if (to == null && targetType != null && !TargetValues.isTextual(target)
                && targetType != ValueType.DATE && targetType != ValueType.DATE_TIME) {
            throw new ConfigurationException(TO, "is required to write a date to " + TargetValues.describe(target));
        }
        String field = fieldName(target);
        return (value, context) -> {
            if (isMissing(value)) {
                return null;
            }
            Value date = value instanceof DateValue || value instanceof DateTimeValue ? value
                    : parse(value.asText().strip(), from, zone, field);
            if (to != null) {
                return TargetValues.forRecord(format(date, to, zone, field), target);
            }
            if (targetType == null) {
                return date;
            }
            return switch (targetType) {
                case DATE -> date instanceof DateTimeValue dt ? Value.date(LocalDate.ofInstant(dt.value(), zone)) : date;
                case DATE_TIME -> date instanceof DateValue d ? Value.dateTime(d.value().atStartOfDay(zone).toInstant()) : date;
                default -> Value.text(date.asText());
            };
        };
    }

    private static Value parse(String text, DateTimeFormatter from, ZoneId zone, String field) {
        if (from == null) {
            return DateTexts.parse(text, zone).orElseThrow(() -> new RecordException(field, "'" + text
                    + "' is not an ISO date or date-time (2020-01-31, 2020-01-31T08:00:00Z); set 'from' to the pattern it uses"));
        }
        try {
            TemporalAccessor parsed = from.parseBest(text, ZonedDateTime::from, LocalDateTime::from, LocalDate::from);
            return switch (parsed) {
                case ZonedDateTime z -> Value.dateTime(z.toInstant());
                case LocalDateTime l -> Value.dateTime(l.atZone(zone).toInstant());
                case LocalDate d -> Value.date(d);
                default -> throw new DateTimeException("no date in " + parsed);
            };
        } catch (DateTimeException e) {
            throw new RecordException(field, "'" + text + "' does not read as a date in the 'from' pattern", e);
        }
    }

    private static String format(Value date, DateTimeFormatter to, ZoneId zone, String field) {
        try {
            if (date instanceof DateValue d) {
                try {
                    return to.format(d.value());
                } catch (UnsupportedTemporalTypeException needsTime) {
                    return to.format(d.value().atStartOfDay(zone));
                }
            }
            return to.format(((DateTimeValue) date).value().atZone(zone));
        } catch (DateTimeException e) {
            throw new RecordException(field, "'" + date.asText() + "' cannot be written in the 'to' pattern: " + e.getMessage(), e);
        }
    }

    private static DateTimeFormatter formatter(String parameter, String pattern, Locale locale) {
        try {
            return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern).toFormatter(locale);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(parameter, "is not a valid date pattern: " + e.getMessage());
        }
    }

    private static ZoneId zone(TransformParameters parameters) {
        Optional<String> id = parameters.text(TIME_ZONE);
        try {
            return id.map(z -> ZoneId.of(z.strip())).orElse(ZoneId.of("UTC"));
        } catch (DateTimeException e) {
            throw new ConfigurationException(TIME_ZONE, "'" + id.orElse("") + "' is not a time zone such as UTC or Europe/Berlin");
        }
    }
}
