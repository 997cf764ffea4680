package com.example.ferry.csv.internal;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.ferry.api.data.BooleanValue;
import org.ferry.api.data.DateTimeValue;
import org.ferry.api.data.DateValue;
import org.ferry.api.data.DecimalValue;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.IntegerValue;
import org.ferry.api.data.TextValue;
import org.ferry.api.data.Value;

/**
 * A field of a declared entity and the conversion between its CSV cells and Ferry values. Immutable.
 *
 * <p>Cells are written in one canonical form per type (ISO-8601 dates and instants, plain decimals with the
 * declared scale, {@code true}/{@code false}), so that a value written twice gives the same text and an
 * unchanged record is recognised by comparing text. An empty cell is "no value" for every type: CSV cannot
 * tell an empty string from a missing one.
 *
 * @param name the column name
 * @param kind the type
 * @param size the maximum length of text or the scale of a decimal, or {@code null} if not declared
 */
record DeclaredField(String name, FieldKind kind, Integer size) {

    /** A field of an undeclared entity: its cells are taken as they are. */
    static DeclaredField untyped(String name) {
        return new DeclaredField(name, FieldKind.TEXT, null);
    }

    FieldSchema schema(boolean keyField) {
        FieldSchema f = new FieldSchema(name, name, kind.valueType(), kind == FieldKind.TEXT ? size : null,
                kind == FieldKind.DECIMAL ? size : null, false, false, List.of());
        return keyField ? f.asRequired() : f;
    }

    /**
     * Reads a cell.
     *
     * @return the value, or {@code null} for an empty cell
     * @throws IllegalArgumentException saying why the cell does not fit the type
     */
    Value read(String cell) {
        if (cell == null || cell.isEmpty()) {
            return null;
        }
        String t = cell.strip();
        try {
            return switch (kind) {
                case TEXT -> new TextValue(cell);
                case DECIMAL -> new DecimalValue(new BigDecimal(t));
                case INTEGER -> new IntegerValue(Long.parseLong(t));
                case BOOLEAN -> Value.bool(parseBoolean(t));
                case DATE -> new DateValue(LocalDate.parse(t));
                case DATETIME -> new DateTimeValue(parseInstant(t));
            };
        } catch (NumberFormatException | DateTimeException e) {
            throw new IllegalArgumentException("'" + cell + "' is not " + article());
        }
    }

    /**
     * Formats a value for a cell.
     *
     * @param value the value, or {@code null} for an empty cell
     * @throws IllegalArgumentException saying why the value does not fit the declared type
     */
    String write(Value value) {
        if (value == null) {
            return "";
        }
        return switch (kind) {
            case TEXT -> checkLength(value.asText());
            case DECIMAL -> formatDecimal(decimalOf(value));
            case INTEGER -> Long.toString(integerOf(value));
            case BOOLEAN -> Boolean.toString(switch (value) {
                case BooleanValue b -> b.value();
                case TextValue t -> parseOrRefuse(t, () -> parseBoolean(t.value().strip()));
                default -> throw refused(value);
            });
            case DATE -> switch (value) {
                case DateValue d -> d.value().toString();
                case TextValue t -> parseOrRefuse(t, () -> LocalDate.parse(t.value().strip())).toString();
                default -> throw refused(value);
            };
            case DATETIME -> switch (value) {
                case DateTimeValue d -> d.value().toString();
                case TextValue t -> parseOrRefuse(t, () -> parseInstant(t.value().strip())).toString();
                default -> throw refused(value);
            };
        };
    }

    /**
     * @return the cell as this connector would write it, so that {@code 1500} and {@code 1500.00} in a
     *         hand-edited file compare equal to what is about to be written; the cell itself if it does not parse
     */
    String canonical(String cell) {
        try {
            return write(read(cell));
        } catch (IllegalArgumentException e) {
            return cell;
        }
    }

    private String checkLength(String text) {
        if (size != null && text.codePointCount(0, text.length()) > size) {
            throw new IllegalArgumentException("'" + text + "' is longer than " + size + " characters");
        }
        return text;
    }

    private BigDecimal decimalOf(Value value) {
        return switch (value) {
            case DecimalValue d -> d.value();
            case IntegerValue i -> BigDecimal.valueOf(i.value());
            case TextValue t -> parseOrRefuse(t, () -> new BigDecimal(t.value().strip()));
            default -> throw refused(value);
        };
    }

    private String formatDecimal(BigDecimal d) {
        if (size == null) {
            return new DecimalValue(d).asText();
        }
        BigDecimal stripped = d.stripTrailingZeros();
        if (stripped.scale() > size) {
            // Rounding would change the amount silently; the record is refused instead.
            throw new IllegalArgumentException("'" + d.toPlainString() + "' has more than " + size + " decimals");
        }
        return stripped.setScale(size).toPlainString();
    }

    private long integerOf(Value value) {
        try {
            return switch (value) {
                case IntegerValue i -> i.value();
                case DecimalValue d -> d.value().longValueExact();
                case TextValue t -> Long.parseLong(t.value().strip());
                default -> throw refused(value);
            };
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + value.asText() + "' is not a whole number");
        }
    }

    private static boolean parseBoolean(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new NumberFormatException(text);
        };
    }

    /** An instant with an offset ({@code Z}, {@code +02:00}); one without is taken as UTC. */
    private static Instant parseInstant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        }
    }

    private <T> T parseOrRefuse(TextValue text, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (NumberFormatException | DateTimeException e) {
            throw new IllegalArgumentException("'" + text.value() + "' is not " + article());
        }
    }

    private IllegalArgumentException refused(Value value) {
        return new IllegalArgumentException("a " + value.type() + " value ('" + value.asText() + "') cannot be stored in "
                + kind.declarationName() + " field '" + name + "'");
    }

    private String article() {
        return switch (kind) {
            case TEXT -> "text";
            case DECIMAL -> "a decimal number";
            case INTEGER -> "a whole number";
            case BOOLEAN -> "true or false";
            case DATE -> "a date (yyyy-mm-dd)";
            case DATETIME -> "a date-time (ISO-8601, e.g. 2024-05-01T12:00:00Z)";
        };
    }
}
