package org.ferry.sandbox.internal.data;

/**
 * One column of an emulated table.
 *
 * @param name       the property name as it appears in JSON payloads
 * @param type       the stored value kind
 * @param maxLength  maximum string length, or 0 when unbounded
 * @param nullable   false when a create without a value must fail
 * @param enumType   the F&O enum type name for {@link FieldType#ENUM}, else null
 */
public record Field(String name, FieldType type, int maxLength, boolean nullable, String enumType) {

    public static Field string(String name, int maxLength) {
        return new Field(name, FieldType.STRING, maxLength, true, null);
    }

    public static Field required(String name, int maxLength) {
        return new Field(name, FieldType.STRING, maxLength, false, null);
    }

    public static Field of(String name, FieldType type) {
        return new Field(name, type, 0, true, null);
    }

    public static Field enumeration(String name, String enumType) {
        return new Field(name, FieldType.ENUM, 0, true, enumType);
    }
}
