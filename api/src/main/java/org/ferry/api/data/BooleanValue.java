package org.ferry.api.data;

/** A boolean. Use {@link Value#bool(boolean)} for the shared instances. */
public record BooleanValue(boolean value) implements Value {
    public static final BooleanValue TRUE = new BooleanValue(true);
    public static final BooleanValue FALSE = new BooleanValue(false);

    @Override
    public ValueType type() {
        return ValueType.BOOLEAN;
    }

    @Override
    public String asText() {
        return Boolean.toString(value);
    }
}
