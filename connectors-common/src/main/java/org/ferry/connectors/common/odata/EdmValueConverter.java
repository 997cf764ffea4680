package org.ferry.connectors.common.odata;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import org.ferry.api.data.BooleanValue;
import org.ferry.api.data.DateTimeValue;
import org.ferry.api.data.DateValue;
import org.ferry.api.data.DecimalValue;
import org.ferry.api.data.IntegerValue;
import org.ferry.api.data.ReferenceValue;
import org.ferry.api.data.TextValue;
import org.ferry.api.data.Value;
import org.ferry.api.data.ValueType;
import org.ferry.api.error.RecordException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Converts between OData JSON values of Edm types and Ferry's {@link Value}s, both ways, in one place so
 * that a value read from one Dynamics service and written to the other survives the trip.
 *
 * <p>GUIDs and enum members are text (enums travel as their member names in JSON); doubles become
 * decimals, so nothing is rounded on our side. A value that cannot take the destination's type is a
 * {@link RecordException} naming the field: that one record fails, not the batch.
 */
public final class EdmValueConverter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private EdmValueConverter() {
    }

    /** @return the Ferry type of an Edm (or enum) type name */
    public static ValueType valueType(String edmType) {
        return switch (edmType == null ? "" : edmType) {
            case "Edm.Int16", "Edm.Int32", "Edm.Int64", "Edm.Byte", "Edm.SByte" -> ValueType.INTEGER;
            case "Edm.Decimal", "Edm.Double", "Edm.Single" -> ValueType.DECIMAL;
            case "Edm.Boolean" -> ValueType.BOOLEAN;
            case "Edm.Date" -> ValueType.DATE;
            case "Edm.DateTimeOffset" -> ValueType.DATE_TIME;
            default -> ValueType.TEXT;
        };
    }

    /** @return the value of a JSON property, or {@code null} for JSON null or a missing property */
    public static Value read(JsonNode node, String edmType, String field) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        try {
            return switch (valueType(edmType)) {
                case INTEGER -> Value.integer(node.isNumber() ? node.longValue() : Long.parseLong(node.asText().trim()));
                case DECIMAL -> Value.decimal(node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText().trim()));
                case BOOLEAN -> Value.bool(node.isBoolean() ? node.booleanValue() : parseBoolean(node.asText()));
                case DATE -> Value.date(LocalDate.parse(node.asText().trim().substring(0, 10)));
                case DATE_TIME -> Value.dateTime(parseInstant(node.asText()));
                default -> Value.text(node.isTextual() ? node.textValue() : node.toString());
            };
        } catch (RuntimeException e) {
            throw new RecordException(field, "the service returned '" + node.asText() + "' for " + field
                    + ", which is not a valid " + edmType);
        }
    }

    /**
     * @return the JSON for {@code value} as the destination's {@code edmType}; a JSON null for {@code null}
     * @throws RecordException if the value cannot be converted
     */
    public static JsonNode write(Value value, String edmType, String field) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof ReferenceValue) {
            throw new RecordException(field, field + " is a lookup and cannot be written as a plain value");
        }
        try {
            return switch (valueType(edmType)) {
                case INTEGER -> NODES.numberNode(toDecimal(value).longValueExact());
                case DECIMAL -> NODES.numberNode(toDecimal(value));
                case BOOLEAN -> NODES.booleanNode(value instanceof BooleanValue b ? b.value() : parseBoolean(value.asText()));
                case DATE -> NODES.textNode(toDate(value).toString());
                case DATE_TIME -> NODES.textNode(toInstant(value).toString());
                default -> NODES.textNode(value.asText());
            };
        } catch (RuntimeException e) {
            throw new RecordException(field, "'" + value.asText() + "' cannot be written to " + field + " ("
                    + edmType + ")");
        }
    }

    private static BigDecimal toDecimal(Value value) {
        return switch (value) {
            case DecimalValue d -> d.value();
            case IntegerValue i -> BigDecimal.valueOf(i.value());
            case BooleanValue b -> b.value() ? BigDecimal.ONE : BigDecimal.ZERO;
            case TextValue t -> new BigDecimal(t.value().trim());
            default -> throw new IllegalArgumentException("not a number");
        };
    }

    private static LocalDate toDate(Value value) {
        return switch (value) {
            case DateValue d -> d.value();
            case DateTimeValue dt -> dt.value().atOffset(ZoneOffset.UTC).toLocalDate();
            default -> LocalDate.parse(value.asText().trim().substring(0, 10));
        };
    }

    private static Instant toInstant(Value value) {
        return switch (value) {
            case DateTimeValue dt -> dt.value();
            case DateValue d -> d.value().atStartOfDay(ZoneOffset.UTC).toInstant();
            default -> parseInstant(value.asText());
        };
    }

    private static Instant parseInstant(String text) {
        String t = text.trim();
        Instant utc = utc(t);
        if (utc != null) {
            return utc;
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDate.parse(t.substring(0, 10)).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
    }

    /**
     * The form both services write every date-time in, {@code yyyy-MM-ddTHH:mm:ss[.f…]Z}, read without the general
     * parser: a page of 5,000 rows holds thousands, and {@link OffsetDateTime#parse} was a third of a Sales read's CPU.
     *
     * @return {@code null} for any other form, or an impossible date or time: the general parser reads those
     */
    private static Instant utc(String t) {
        int n = t.length();
        if (n < 20 || t.charAt(n - 1) != 'Z' || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
                || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            if (t.charAt(19) != '.' || n > 30 || n == 21) {
                return null;
            }
            for (int i = 20; i < n - 1; i++) {
                int d = t.charAt(i) - '0';
                if (d < 0 || d > 9) {
                    return null;
                }
                nanos = nanos * 10 + d;
            }
            for (int i = n - 1; i < 29; i++) {
                nanos *= 10;
            }
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        try {
            return java.time.LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return null; // the general parser decides, as it did before this path
        }
    }

    /** @return the decimal number of {@code length} digits at {@code from}, or -1 if any is not a digit */
    private static int digits(String t, int from, int length) {
        int v = 0;
        for (int i = from; i < from + length; i++) {
            int d = t.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static boolean parseBoolean(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (t) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException("not a boolean");
        };
    }
}
