package org.ferry.api.data;

import java.time.Instant;
import java.util.Objects;

/** An instant ({@code Edm.DateTimeOffset}), always handled in UTC. */
public record DateTimeValue(Instant value) implements Value {
    public DateTimeValue {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public ValueType type() {
        return ValueType.DATE_TIME;
    }

    @Override
    public String asText() {
        return value.toString();
    }
}
