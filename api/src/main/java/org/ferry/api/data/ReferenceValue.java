package org.ferry.api.data;

import java.util.Objects;

/**
 * A reference to a related record: by the related entity's name and business key, so it means the same in
 * every system (ids differ between systems, business keys do not), or, for entities synced through a key
 * map, by the related record's id. A connector resolves a key to its own id on write (for Dataverse, an
 * {@code @odata.bind} by alternate key).
 *
 * <p>Readers set {@link #id()} (the related record's id in the system read) whenever they know it, beside
 * the key, so the engine can translate it through a key map. A reference with no key carries only an id;
 * the engine passes such references only to {@link org.ferry.api.connector.Connection#writeById}.
 *
 * @param entity the related entity's name in the system the record belongs to
 * @param key    the related record's business key, or {@code null} for a reference by id only
 * @param id     the related record's id in the system the record belongs to, or {@code null} if unknown
 *               (since 1.1); at least one of {@code key} and {@code id} is set
 */
public record ReferenceValue(String entity, BusinessKey key, String id) implements Value {
    public ReferenceValue {
        Objects.requireNonNull(entity, "entity");
        if (key == null && (id == null || id.isEmpty())) {
            throw new IllegalArgumentException("a reference needs a business key or an id");
        }
    }

    /** A reference by business key. */
    public ReferenceValue(String entity, BusinessKey key) {
        this(entity, Objects.requireNonNull(key, "key"), null);
    }

    /** @return a reference to the record with this id, for writes by id */
    public static ReferenceValue byId(String entity, String id) {
        return new ReferenceValue(entity, null, id);
    }

    /** @return this reference also carrying the related record's id */
    public ReferenceValue withId(String id) {
        return new ReferenceValue(entity, key, id);
    }

    @Override
    public ValueType type() {
        return ValueType.REFERENCE;
    }

    /** @return the key's text, or for a reference by id only, the id */
    @Override
    public String asText() {
        return key != null ? key.asText() : id;
    }
}
