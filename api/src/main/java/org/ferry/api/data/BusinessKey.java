package org.ferry.api.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The natural key that identifies a record across systems (an account number, a legal entity and a
 * customer account): an ordered list of field names with their values in canonical text form
 * ({@link Value#asText()}).
 *
 * <p>Immutable. Two keys are equal when they name the same fields in the same order with the same values.
 */
public final class BusinessKey {
    private final Map<String, String> parts;

    private BusinessKey(Map<String, String> parts) {
        this.parts = parts;
    }

    /**
     * @param parts field name to value, in key order; at least one part, no blank names, no {@code null} values
     * @throws IllegalArgumentException if a part is missing or blank
     */
    public static BusinessKey of(Map<String, String> parts) {
        if (parts == null || parts.isEmpty()) {
            throw new IllegalArgumentException("a business key needs at least one field");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        parts.forEach((field, value) -> {
            if (field == null || field.isBlank()) {
                throw new IllegalArgumentException("a business key field needs a name");
            }
            copy.put(field, Objects.requireNonNull(value, () -> "business key field '" + field + "' has no value"));
        });
        return new BusinessKey(Collections.unmodifiableMap(copy));
    }

    /** A single-field key. */
    public static BusinessKey of(String field, String value) {
        return of(Map.of(field, value));
    }

    /** @return field name to value in key order; unmodifiable */
    public Map<String, String> parts() {
        return parts;
    }

    /** @return the key's field names in order */
    public List<String> fields() {
        return List.copyOf(parts.keySet());
    }

    /** @return the value of one key field, or {@code null} if the key has no such field */
    public String get(String field) {
        return parts.get(field);
    }

    /**
     * @return the values joined for display and for use as a map key: {@code US-001} for one field,
     *         {@code usmf|US-001} for several (a {@code |} or {@code \} inside a value is escaped with {@code \})
     */
    public String asText() {
        return joinText(parts.values());
    }

    /**
     * Joins values as {@link #asText()} does, for code that holds a key's values without their field names (a
     * stored key column, an id built from a key).
     *
     * @param values the key's values in key order; at least one, none {@code null}
     * @since 1.2
     */
    public static String joinText(Collection<String> values) {
        if (values.size() == 1) {
            return values.iterator().next(); // one field's value is never escaped
        }
        StringBuilder text = new StringBuilder();
        for (String value : values) {
            if (!text.isEmpty()) {
                text.append('|');
            }
            text.append(value.replace("\\", "\\\\").replace("|", "\\|"));
        }
        return text.toString();
    }

    /**
     * The inverse of {@link #joinText(Collection)} and {@link #asText()}: the values of a key of {@code count} fields.
     *
     * @return the values in key order, or empty if the text holds another number of values
     * @since 1.2
     */
    public static Optional<List<String>> splitText(String text, int count) {
        if (count == 1) {
            return Optional.of(List.of(text));
        }
        List<String> values = new ArrayList<>(count);
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                current.append(text.charAt(++i));
            } else if (c == '|') {
                values.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        values.add(current.toString());
        return values.size() == count ? Optional.of(List.copyOf(values)) : Optional.empty();
    }

    /**
     * The inverse of {@link #asText()} for known key fields.
     *
     * @param fields the key's field names in key order
     * @return the key, or empty if the text holds another number of values than there are fields
     * @since 1.2
     */
    public static Optional<BusinessKey> parse(String text, List<String> fields) {
        return splitText(text, fields.size()).map(values -> {
            Map<String, String> key = new LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                key.put(fields.get(i), values.get(i));
            }
            return of(key);
        });
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BusinessKey k && parts.equals(k.parts)
                && List.copyOf(parts.keySet()).equals(List.copyOf(k.parts.keySet()));
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }

    @Override
    public String toString() {
        return parts.toString();
    }
}
