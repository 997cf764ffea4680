package org.ferry.api.data;

/** A 64-bit whole number; also used for option-set (picklist) codes. */
public record IntegerValue(long value) implements Value {
    @Override
    public ValueType type() {
        return ValueType.INTEGER;
    }

    @Override
    public String asText() {
        return Long.toString(value);
    }
}
