package org.ferry.api.data;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An exact decimal. Equality is numeric ({@code 1.0} equals {@code 1.00}), so that a value read back
 * with another scale does not count as a change.
 */
public record DecimalValue(BigDecimal value) implements Value {
    public DecimalValue {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public ValueType type() {
        return ValueType.DECIMAL;
    }

    @Override
    public String asText() {
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DecimalValue d && value.compareTo(d.value) == 0;
    }

    @Override
    public int hashCode() {
        return asText().hashCode();
    }
}
