package org.ferry.sandbox.internal.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;

/**
 * Conversions between JSON payload values, filter literals and stored values. Stored forms are
 * chosen so that natural ordering works: Long, BigDecimal, Boolean, and canonical UTC strings for
 * date-times (lexical order = time order), lower-case strings for GUIDs.
 */
public final class Values {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Values() {
    }

    /** Converts a JSON payload value for a field; throws IllegalArgumentException with a reason. */
    public static Object fromJson(Field field, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return switch (field.type()) {
            case STRING, ENUM -> {
                if (!node.isTextual()) {
                    throw new IllegalArgumentException("a string is expected for '" + field.name() + "'");
                }
                yield node.textValue();
            }
            case INT, BIGINT -> {
                if (!node.canConvertToLong() || !node.isIntegralNumber()) {
                    throw new IllegalArgumentException("an integer is expected for '" + field.name() + "'");
                }
                yield node.longValue();
            }
            case DECIMAL -> {
                if (!node.isNumber()) {
                    throw new IllegalArgumentException("a number is expected for '" + field.name() + "'");
                }
                yield node.decimalValue().stripTrailingZeros();
            }
            case BOOLEAN -> {
                if (!node.isBoolean()) {
                    throw new IllegalArgumentException("a boolean is expected for '" + field.name() + "'");
                }
                yield node.booleanValue();
            }
            case DATETIME -> dateTime(node.asText());
            case DATE -> LocalDate.parse(node.asText()).toString();
            case GUID -> guid(node.asText());
        };
    }

    public static JsonNode toJson(Field field, Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        return switch (field.type()) {
            case INT, BIGINT -> NODES.numberNode((Long) value);
            case DECIMAL -> NODES.numberNode((BigDecimal) value);
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
            default -> NODES.textNode(value.toString());
        };
    }

    /** Canonical UTC form with second precision, as Dataverse and F&O both return. */
    public static String dateTime(String text) {
        try {
            return format(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return format(LocalDate.parse(text).atStartOfDay().toInstant(java.time.ZoneOffset.UTC));
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("'" + text + "' is not a valid date-time");
            }
        }
    }

    public static String format(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    public static String now() {
        return format(Instant.now());
    }

    public static String guid(String text) {
        String t = text.startsWith("{") && text.endsWith("}") ? text.substring(1, text.length() - 1) : text;
        try {
            return UUID.fromString(t).toString().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid GUID");
        }
    }

    public static boolean isGuid(String text) {
        return text.length() == 36 && text.charAt(8) == '-' && text.charAt(13) == '-'
                && text.chars().allMatch(c -> c == '-' || Character.digit(c, 16) >= 0);
    }
}
