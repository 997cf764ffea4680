package org.ferry.api.data;

import java.util.Objects;

/** A string value. May be empty; never {@code null}. */
public record TextValue(String value) implements Value {
    public TextValue {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public ValueType type() {
        return ValueType.TEXT;
    }

    @Override
    public String asText() {
        return value;
    }
}
