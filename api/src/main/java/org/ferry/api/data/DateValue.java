package org.ferry.api.data;

import java.time.LocalDate;
import java.util.Objects;

/** A calendar date without time zone ({@code Edm.Date}). */
public record DateValue(LocalDate value) implements Value {
    public DateValue {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public ValueType type() {
        return ValueType.DATE;
    }

    @Override
    public String asText() {
        return value.toString();
    }
}
