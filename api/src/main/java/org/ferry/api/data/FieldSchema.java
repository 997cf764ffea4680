package org.ferry.api.data;

import java.util.List;
import java.util.Objects;

/**
 * A field of an entity as its system describes it.
 *
 * @param name      the field's logical name in its system ({@code accountnumber}, {@code CustomerAccount})
 * @param label     a display name, or the name
 * @param type      the value type
 * @param maxLength for text, the maximum number of characters, or {@code null} if unbounded
 * @param scale     for decimals, the number of digits after the point the system keeps, or {@code null}
 * @param required  whether a record cannot be created without a value
 * @param readOnly  whether the system computes it (writes are ignored or refused)
 * @param lookup    for a {@link ValueType#REFERENCE} field, the entities it may refer to (more than one for
 *                  polymorphic lookups such as a customer that is an account or a contact); empty otherwise
 */
public record FieldSchema(String name, String label, ValueType type, Integer maxLength, Integer scale,
                          boolean required, boolean readOnly, List<String> lookup) {
    public FieldSchema {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        label = label == null || label.isBlank() ? name : label;
        lookup = lookup == null ? List.of() : List.copyOf(lookup);
        if (type == ValueType.REFERENCE && lookup.isEmpty()) {
            throw new IllegalArgumentException("reference field '" + name + "' must name the entities it refers to");
        }
    }

    /** An optional, writable field of a simple type. */
    public static FieldSchema of(String name, ValueType type) {
        return new FieldSchema(name, name, type, null, null, false, false, List.of());
    }

    /** An optional, writable text field with a maximum length. */
    public static FieldSchema text(String name, int maxLength) {
        return new FieldSchema(name, name, ValueType.TEXT, maxLength, null, false, false, List.of());
    }

    /** A reference (lookup) to one or more related entities. */
    public static FieldSchema lookup(String name, String... entities) {
        return new FieldSchema(name, name, ValueType.REFERENCE, null, null, false, false, List.of(entities));
    }

    public FieldSchema asRequired() {
        return new FieldSchema(name, label, type, maxLength, scale, true, readOnly, lookup);
    }

    public FieldSchema asReadOnly() {
        return new FieldSchema(name, label, type, maxLength, scale, required, true, lookup);
    }

    public FieldSchema withLabel(String newLabel) {
        return new FieldSchema(name, newLabel, type, maxLength, scale, required, readOnly, lookup);
    }

    public FieldSchema withScale(int newScale) {
        return new FieldSchema(name, label, type, maxLength, newScale, required, readOnly, lookup);
    }
}
