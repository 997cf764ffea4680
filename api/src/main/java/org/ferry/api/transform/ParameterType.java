package org.ferry.api.transform;

/** The JSON type a transform parameter takes. */
public enum ParameterType {
    /** A JSON string. */
    TEXT,
    /** A JSON number without fraction. */
    INTEGER,
    /** A JSON number. */
    DECIMAL,
    /** A JSON boolean. */
    BOOLEAN,
    /** A JSON object of string to string ({@code valueMap}). */
    MAP,
    /** A JSON array of strings. */
    LIST
}
