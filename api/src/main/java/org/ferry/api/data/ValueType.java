package org.ferry.api.data;

/** The types a field value can have. Each has exactly one {@link Value} implementation. */
public enum ValueType {
    /** {@link TextValue}: a string. */
    TEXT,
    /** {@link DecimalValue}: an exact decimal number (money, quantities). */
    DECIMAL,
    /** {@link IntegerValue}: a 64-bit whole number; also option-set codes. */
    INTEGER,
    /** {@link BooleanValue}. */
    BOOLEAN,
    /** {@link DateValue}: a calendar date without time zone. */
    DATE,
    /** {@link DateTimeValue}: an instant in UTC. */
    DATE_TIME,
    /** {@link ReferenceValue}: a reference to a related record by its business key. */
    REFERENCE
}
