package org.ferry.api.data;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One record of an entity, as read from or written to a system: field values by field name, the
 * record's business key, and a deleted marker for deletions reported by change tracking.
 *
 * <p>Immutable and thread-safe. A field present with a {@code null} value means "no value" (on write:
 * clear it); a field absent means "not provided" (on write: leave it as it is).
 */
public final class EntityRecord {
    private final String entity;
    private final BusinessKey key;
    private final String sourceId;
    private final String organization;
    private final Instant modifiedOn;
    private final boolean deleted;
    private final Map<String, Value> values;

    private EntityRecord(Builder b) {
        this.entity = Objects.requireNonNull(b.entity, "entity");
        this.key = b.key;
        this.sourceId = b.sourceId;
        this.organization = b.organization;
        this.modifiedOn = b.modifiedOn;
        this.deleted = b.deleted;
        // the builder's own map, which it no longer changes (it copies it first if used again): building a record
        // copied every field once more, and records are built several times on their way through a leg
        this.values = Collections.unmodifiableMap(b.values);
    }

    public static Builder builder(String entity) {
        return new Builder(entity);
    }

    /** A deletion of the record with this key, as change tracking reports it. */
    public static EntityRecord deletion(String entity, BusinessKey key, String sourceId) {
        return builder(entity).key(key).sourceId(sourceId).deleted(true).build();
    }

    /** @return the entity's name in the system the record belongs to */
    public String entity() {
        return entity;
    }

    /**
     * @return the business key, or {@code null} when the record has none (an account without an account
     *         number); the engine skips such records with a reason
     */
    public BusinessKey key() {
        return key;
    }

    /** @return the record's id in its own system (a GUID, a RecId), or {@code null} if unknown */
    public String sourceId() {
        return sourceId;
    }

    /** @return the id of the organization unit the record belongs to (a legal entity), or {@code null} */
    public String organization() {
        return organization;
    }

    /** @return when the record last changed in its system, or {@code null} if the system does not say */
    public Instant modifiedOn() {
        return modifiedOn;
    }

    /** @return {@code true} if this record reports a deletion; it then carries at most its key */
    public boolean deleted() {
        return deleted;
    }

    /** @return field values by name, in field order; values may be {@code null}; unmodifiable */
    public Map<String, Value> values() {
        return values;
    }

    /** @return the value of a field, or {@code null} if the field is absent or has no value */
    public Value get(String field) {
        return values.get(field);
    }

    /** @return whether the field is present (possibly with a {@code null} value) */
    public boolean has(String field) {
        return values.containsKey(field);
    }

    public Set<String> fields() {
        return values.keySet();
    }

    /** @return a builder holding a copy of this record, to derive a changed one */
    public Builder toBuilder() {
        Builder b = new Builder(entity).key(key).sourceId(sourceId).organization(organization)
                .modifiedOn(modifiedOn).deleted(deleted);
        b.values.putAll(values); // a new builder's map is its own
        return b;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EntityRecord r && entity.equals(r.entity) && Objects.equals(key, r.key)
                && Objects.equals(sourceId, r.sourceId) && Objects.equals(organization, r.organization)
                && Objects.equals(modifiedOn, r.modifiedOn) && deleted == r.deleted && values.equals(r.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entity, key, values);
    }

    @Override
    public String toString() {
        return entity + (key == null ? "" : key.toString()) + (deleted ? " deleted" : " " + values);
    }

    /** Builds a record. Not thread-safe; build one record per builder. */
    public static final class Builder {
        private final String entity;
        private BusinessKey key;
        private String sourceId;
        private String organization;
        private Instant modifiedOn;
        private boolean deleted;
        private Map<String, Value> values = new LinkedHashMap<>();
        /** Whether a built record holds {@link #values}: then a change is made to a copy. */
        private boolean built;

        private Builder(String entity) {
            this.entity = entity;
        }

        public Builder key(BusinessKey key) {
            this.key = key;
            return this;
        }

        public Builder sourceId(String sourceId) {
            this.sourceId = sourceId;
            return this;
        }

        public Builder organization(String organization) {
            this.organization = organization;
            return this;
        }

        public Builder modifiedOn(Instant modifiedOn) {
            this.modifiedOn = modifiedOn;
            return this;
        }

        public Builder deleted(boolean deleted) {
            this.deleted = deleted;
            return this;
        }

        /** Sets a field; a {@code null} value means "no value". */
        public Builder set(String field, Value value) {
            writable().put(Objects.requireNonNull(field, "field"), value);
            return this;
        }

        public Builder text(String field, String value) {
            return set(field, value == null ? null : Value.text(value));
        }

        public Builder remove(String field) {
            writable().remove(field);
            return this;
        }

        public EntityRecord build() {
            built = true;
            return new EntityRecord(this);
        }

        private Map<String, Value> writable() {
            if (built) {
                values = new LinkedHashMap<>(values);
                built = false;
            }
            return values;
        }
    }
}
