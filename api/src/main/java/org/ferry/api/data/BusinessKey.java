package org.ferry.api.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
        StringBuilder text = new StringBuilder();
        for (String value : parts.values()) {
            if (!text.isEmpty()) {
                text.append('|');
            }
            text.append(parts.size() == 1 ? value : value.replace("\\", "\\\\").replace("|", "\\|"));
        }
        return text.toString();
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
