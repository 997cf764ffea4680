package org.ferry.runtime.internal.mapping;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import org.ferry.api.data.BooleanValue;
import org.ferry.api.data.DateTimeValue;
import org.ferry.api.data.DateValue;
import org.ferry.api.data.DecimalValue;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.IntegerValue;
import org.ferry.api.data.ReferenceValue;
import org.ferry.api.data.TextValue;
import org.ferry.api.data.Value;
import org.ferry.api.data.ValueType;
import org.ferry.api.error.RecordException;

/**
 * Brings a mapped value to the destination field's type. Decimals become integers by truncation, as
 * the Data Integrator does; text is parsed; anything else that does not fit is a record error naming
 * the value. References are handled by the mapping, which knows the related entity's key.
 */
final class ValueConverter {
    private ValueConverter() {
    }

    /** @return whether values of one type can, in general, become the other (validation's type check) */
    static boolean compatible(ValueType from, ValueType to) {
        if (from == to || to == ValueType.TEXT || from == ValueType.TEXT) {
            return true;
        }
        return switch (to) {
            case DECIMAL, INTEGER -> from == ValueType.DECIMAL || from == ValueType.INTEGER || from == ValueType.BOOLEAN;
            case DATE, DATE_TIME -> from == ValueType.DATE || from == ValueType.DATE_TIME;
            case BOOLEAN -> from == ValueType.INTEGER;
            case REFERENCE -> false;
            default -> false;
        };
    }

    static Value convert(Value value, FieldSchema target) {
        if (value == null || value.type() == target.type() || target.type() == ValueType.REFERENCE) {
            return value;
        }
        try {
            return switch (target.type()) {
                case TEXT -> Value.text(value.asText());
                case DECIMAL -> Value.decimal(decimal(value, target));
                case INTEGER -> Value.integer(decimal(value, target).setScale(0, RoundingMode.DOWN).longValueExact());
                case BOOLEAN -> bool(value, target);
                case DATE -> date(value, target);
                case DATE_TIME -> dateTime(value, target);
                case REFERENCE -> value;
            };
        } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
            throw mismatch(value, target);
        }
    }

    private static BigDecimal decimal(Value value, FieldSchema target) {
        return switch (value) {
            case DecimalValue d -> d.value();
            case IntegerValue i -> BigDecimal.valueOf(i.value());
            case BooleanValue b -> b.value() ? BigDecimal.ONE : BigDecimal.ZERO;
            case TextValue t -> new BigDecimal(t.value().trim());
            default -> throw mismatch(value, target);
        };
    }

    private static Value bool(Value value, FieldSchema target) {
        if (value instanceof IntegerValue i && (i.value() == 0 || i.value() == 1)) {
            return Value.bool(i.value() == 1);
        }
        if (value instanceof TextValue t) {
            String s = t.value().trim().toLowerCase(java.util.Locale.ROOT);
            switch (s) {
                case "true", "yes", "1" -> {
                    return Value.bool(true);
                }
                case "false", "no", "0" -> {
                    return Value.bool(false);
                }
                default -> throw mismatch(value, target);
            }
        }
        throw mismatch(value, target);
    }

    private static Value date(Value value, FieldSchema target) {
        return switch (value) {
            case DateTimeValue dt -> Value.date(LocalDate.ofInstant(dt.value(), ZoneOffset.UTC));
            case TextValue t -> Value.date(LocalDate.parse(t.value().trim().length() > 10
                    ? t.value().trim().substring(0, 10) : t.value().trim()));
            default -> throw mismatch(value, target);
        };
    }

    private static Value dateTime(Value value, FieldSchema target) {
        return switch (value) {
            case DateValue d -> Value.dateTime(d.value().atStartOfDay(ZoneOffset.UTC).toInstant());
            case TextValue t -> Value.dateTime(parseInstant(t.value().trim()));
            default -> throw mismatch(value, target);
        };
    }

    private static Instant parseInstant(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
    }

    private static RecordException mismatch(Value value, FieldSchema target) {
        String shown = value instanceof ReferenceValue r ? r.entity() + " " + r.asText() : value.asText();
        if (shown.length() > 60) {
            shown = shown.substring(0, 57) + "...";
        }
        return new RecordException(target.name(), "value '" + shown + "' (" + value.type().name().toLowerCase(java.util.Locale.ROOT)
                + ") does not fit field '" + target.name() + "' of type " + target.type().name().toLowerCase(java.util.Locale.ROOT));
    }
}
