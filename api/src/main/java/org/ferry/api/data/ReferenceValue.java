package org.ferry.api.data;

import java.util.Objects;

/**
 * A reference to a related record, by the related entity's name and business key, never by a
 * system-specific id: ids differ between systems, business keys do not. A connector resolves the key
 * to its own id on write (for Dataverse, an {@code @odata.bind} by alternate key).
 *
 * @param entity the related entity's name in the system the record belongs to
 * @param key    the related record's business key
 */
public record ReferenceValue(String entity, BusinessKey key) implements Value {
    public ReferenceValue {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(key, "key");
    }

    @Override
    public ValueType type() {
        return ValueType.REFERENCE;
    }

    @Override
    public String asText() {
        return key.asText();
    }
}
