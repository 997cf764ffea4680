package org.ferry.transforms.internal.support;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

import org.ferry.api.data.DateTimeValue;
import org.ferry.api.data.DateValue;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.ValueType;
import org.ferry.api.data.Value;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.RecordException;

/**
 * Turns text (a default, a value-map entry, a constant, a transform's text result) into a value of the
 * destination field's type, so that {@code "10"} reaches an integer field as the number 10.
 *
 * <p>Without a destination, and for text and lookup fields, the text stays text: a lookup is written as
 * the related record's key text, which the engine resolves through the mapping's {@code lookup.Field}.
 */
public final class TargetValues {

    private TargetValues() {
    }

    /** A text that does not read as the destination field's type; the message is in the user's terms. */
    public static final class NotConvertible extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotConvertible(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param text   the text, never {@code null}
     * @param target the destination field, or {@code null}
     * @throws NotConvertible when the text does not read as the field's type
     */
    public static Value convert(String text, FieldSchema target) {
        ValueType type = target == null ? ValueType.TEXT : target.type();
        String s = text.strip();
        return switch (type) {
            case TEXT, REFERENCE -> Value.text(text);
            case INTEGER -> Value.integer(wholeNumber(s));
            case DECIMAL -> Value.decimal(number(s));
            case BOOLEAN -> Value.bool(bool(s));
            case DATE -> Value.date(date(s));
            case DATE_TIME -> dateTime(s);
        };
    }

    /** Converts a parameter's text at compile time, naming the parameter when it does not fit. */
    public static Value forParameter(String parameter, String text, FieldSchema target) {
        try {
            return convert(text, target);
        } catch (NotConvertible e) {
            throw new ConfigurationException(parameter, e.getMessage() + ", which " + describe(target) + " needs");
        }
    }

    /** Converts a value computed for one record, naming the destination field when it does not fit. */
    public static Value forRecord(String text, FieldSchema target) {
        try {
            return convert(text, target);
        } catch (NotConvertible e) {
            throw new RecordException(target == null ? null : target.name(),
                    e.getMessage() + ", which " + describe(target) + " needs");
        }
    }

    /** @return whether values written to this field are text, so that no conversion applies */
    public static boolean isTextual(FieldSchema target) {
        return target == null || target.type() == ValueType.TEXT || target.type() == ValueType.REFERENCE;
    }

    /** @return e.g. {@code field 'CustomerGroupId' (integer)} */
    public static String describe(FieldSchema target) {
        return target == null ? "the destination" : "field '" + target.name() + "' ("
                + target.type().name().toLowerCase(Locale.ROOT).replace('_', '-') + ")";
    }

    private static BigDecimal number(String s) {
        try {
            return new BigDecimal(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            throw new NotConvertible("'" + s + "' is not a number");
        }
    }

    private static long wholeNumber(String s) {
        BigDecimal d = number(s);
        try {
            return d.stripTrailingZeros().longValueExact();
        } catch (ArithmeticException e) {
            throw new NotConvertible("'" + s + "' is not a whole number in the 64-bit range");
        }
    }

    /** Accepts the spellings the connected systems use: true/false, yes/no (F&O NoYes), 1/0. */
    private static boolean bool(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new NotConvertible("'" + s + "' is not true or false (or yes/no, 1/0)");
        };
    }

    private static LocalDate date(String s) {
        Value v = DateTexts.parse(s, ZoneOffset.UTC)
                .orElseThrow(() -> new NotConvertible("'" + s + "' is not a date such as 2020-01-31 or 1/31/2020"));
        return v instanceof DateTimeValue dt ? LocalDate.ofInstant(dt.value(), ZoneOffset.UTC) : ((DateValue) v).value();
    }

    private static DateTimeValue dateTime(String s) {
        Value v = DateTexts.parse(s, ZoneOffset.UTC)
                .orElseThrow(() -> new NotConvertible("'" + s + "' is not a date-time such as 2020-01-31T08:00:00Z"));
        return v instanceof DateValue d ? Value.dateTime(d.value().atStartOfDay(ZoneOffset.UTC).toInstant()) : (DateTimeValue) v;
    }
}
