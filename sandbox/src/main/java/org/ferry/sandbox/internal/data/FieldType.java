package org.ferry.sandbox.internal.data;

/** The value kinds the emulators store; each maps to one Edm type in $metadata. */
public enum FieldType {
    STRING("Edm.String"),
    INT("Edm.Int32"),
    BIGINT("Edm.Int64"),
    DECIMAL("Edm.Decimal"),
    BOOLEAN("Edm.Boolean"),
    DATETIME("Edm.DateTimeOffset"),
    DATE("Edm.Date"),
    GUID("Edm.Guid"),
    /** F&O enums travel as strings in JSON but are typed in metadata. */
    ENUM("Edm.String");

    private final String edm;

    FieldType(String edm) {
        this.edm = edm;
    }

    public String edm() {
        return edm;
    }
}
