package org.ferry.api.data;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A typed, immutable, non-null field value. A field without a value is represented by {@code null} in a
 * {@link EntityRecord}, never by a value object.
 *
 * <p>The set of value types is closed: connectors convert their system's types to these on read and
 * back on write, and transforms see only these.
 */
public sealed interface Value
        permits TextValue, DecimalValue, IntegerValue, BooleanValue, DateValue, DateTimeValue, ReferenceValue {

    /** @return the type of this value */
    ValueType type();

    /**
     * @return the canonical text form: the string itself, a plain decimal without exponent
     *         ({@code 12.50}), {@code true}/{@code false}, ISO-8601 dates and instants, and for a reference
     *         its business key text. Stable across releases, so it can be hashed and compared.
     */
    String asText();

    static TextValue text(String value) {
        return new TextValue(value);
    }

    static DecimalValue decimal(BigDecimal value) {
        return new DecimalValue(value);
    }

    static DecimalValue decimal(String value) {
        return new DecimalValue(new BigDecimal(value));
    }

    static IntegerValue integer(long value) {
        return new IntegerValue(value);
    }

    static BooleanValue bool(boolean value) {
        return value ? BooleanValue.TRUE : BooleanValue.FALSE;
    }

    static DateValue date(LocalDate value) {
        return new DateValue(value);
    }

    static DateTimeValue dateTime(Instant value) {
        return new DateTimeValue(value);
    }

    static ReferenceValue reference(String entity, BusinessKey key) {
        return new ReferenceValue(entity, key);
    }
}
