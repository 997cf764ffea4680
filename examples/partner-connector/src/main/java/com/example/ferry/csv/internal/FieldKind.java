package com.example.ferry.csv.internal;

import java.util.Locale;

import org.ferry.api.data.ValueType;

/** The field types an entity declaration may use, each with its name in the declaration and its Ferry type. */
enum FieldKind {
    TEXT(ValueType.TEXT, true),
    DECIMAL(ValueType.DECIMAL, true),
    INTEGER(ValueType.INTEGER, false),
    BOOLEAN(ValueType.BOOLEAN, false),
    DATE(ValueType.DATE, false),
    DATETIME(ValueType.DATE_TIME, false);

    /** For error messages: the declaration syntax of every type. */
    static final String SYNTAX = "text, text(maxLength), decimal, decimal(scale), integer, boolean, date, datetime";

    private final ValueType valueType;
    private final boolean sized;

    FieldKind(ValueType valueType, boolean sized) {
        this.valueType = valueType;
        this.sized = sized;
    }

    ValueType valueType() {
        return valueType;
    }

    /** @return whether the type takes a number in parentheses: a maximum length for text, a scale for decimals */
    boolean sized() {
        return sized;
    }

    /** @return the kind named in a declaration, or {@code null} */
    static FieldKind named(String name) {
        for (FieldKind k : values()) {
            if (k.name().equals(name.toUpperCase(Locale.ROOT))) {
                return k;
            }
        }
        return null;
    }

    String declarationName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
