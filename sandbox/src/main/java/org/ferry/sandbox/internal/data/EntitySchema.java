package org.ferry.sandbox.internal.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of one emulated entity set: its columns (position = index into a row's value array),
 * its key, alternate keys and lookups.
 */
public final class EntitySchema {
    private final String entityName;
    private final String setName;
    private final List<Field> fields;
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> key;
    private final List<List<String>> alternateKeys;
    private final List<Lookup> lookups;
    private final String modifiedField;
    private final boolean changeTracking;
    private final List<List<String>> pendingKeys;

    public EntitySchema(String entityName, String setName, List<Field> fields, List<String> key,
                        List<List<String>> alternateKeys, List<Lookup> lookups, String modifiedField) {
        this(entityName, setName, fields, key, alternateKeys, List.of(), lookups, modifiedField, true);
    }

    /**
     * @param alternateKeys  the alternate keys whose index is Active: records can be addressed by them, and the
     *                       store keeps their values unique
     * @param pendingKeys    alternate keys defined but whose index is not built yet (status Pending): listed in
     *                       the table's metadata, refused in URLs
     * @param changeTracking whether the table is enabled for change tracking (Dataverse {@code ChangeTrackingEnabled})
     */
    public EntitySchema(String entityName, String setName, List<Field> fields, List<String> key,
                        List<List<String>> alternateKeys, List<List<String>> pendingKeys, List<Lookup> lookups,
                        String modifiedField, boolean changeTracking) {
        this.entityName = entityName;
        this.setName = setName;
        this.fields = List.copyOf(fields);
        for (int i = 0; i < this.fields.size(); i++) {
            if (index.put(this.fields.get(i).name(), i) != null) {
                throw new IllegalArgumentException("duplicate field " + this.fields.get(i).name() + " in " + setName);
            }
        }
        this.key = List.copyOf(key);
        this.alternateKeys = List.copyOf(alternateKeys);
        this.lookups = List.copyOf(lookups);
        this.modifiedField = modifiedField;
        this.changeTracking = changeTracking;
        this.pendingKeys = List.copyOf(pendingKeys);
        for (String k : key) {
            indexOf(k);
        }
        alternateKeys.forEach(ak -> ak.forEach(this::indexOf));
        pendingKeys.forEach(ak -> ak.forEach(this::indexOf));
    }

    /** Alternate keys defined but not yet usable (index status Pending). */
    public List<List<String>> pendingKeys() {
        return pendingKeys;
    }

    /** Whether the table is enabled for change tracking. */
    public boolean changeTracking() {
        return changeTracking;
    }

    public String entityName() {
        return entityName;
    }

    public String setName() {
        return setName;
    }

    public List<Field> fields() {
        return fields;
    }

    public List<String> key() {
        return key;
    }

    public List<List<String>> alternateKeys() {
        return alternateKeys;
    }

    public List<Lookup> lookups() {
        return lookups;
    }

    /** The last-modified column maintained by the store, or null when the entity has none. */
    public String modifiedField() {
        return modifiedField;
    }

    public boolean has(String field) {
        return index.containsKey(field);
    }

    public int indexOf(String field) {
        Integer i = index.get(field);
        if (i == null) {
            throw new IllegalArgumentException("no field " + field + " on " + setName);
        }
        return i;
    }

    public Field field(String name) {
        Integer i = index.get(name);
        return i == null ? null : fields.get(i);
    }

    public Lookup lookupByNavigation(String navigation) {
        for (Lookup l : lookups) {
            if (l.targets().containsKey(navigation)) {
                return l;
            }
        }
        return null;
    }

    /** Builds a schema column by column, so model classes read like a table definition. */
    public static final class Builder {
        private final String entityName;
        private final String setName;
        private final List<Field> fields = new ArrayList<>();
        private final List<List<String>> alternateKeys = new ArrayList<>();
        private final List<Lookup> lookups = new ArrayList<>();
        private final List<List<String>> pendingKeys = new ArrayList<>();
        private List<String> key = List.of();
        private String modifiedField;
        private boolean changeTracking = true;

        public Builder(String entityName, String setName) {
            this.entityName = entityName;
            this.setName = setName;
        }

        public String entityName() {
            return entityName;
        }

        public Builder field(Field f) {
            fields.add(f);
            return this;
        }

        public Builder string(String name, int maxLength) {
            return field(Field.string(name, maxLength));
        }

        public Builder required(String name, int maxLength) {
            return field(Field.required(name, maxLength));
        }

        public Builder of(String name, FieldType type) {
            return field(Field.of(name, type));
        }

        public Builder enumeration(String name, String enumType) {
            return field(Field.enumeration(name, enumType));
        }

        public Builder key(String... names) {
            key = List.of(names);
            return this;
        }

        public Builder alternateKey(String... names) {
            alternateKeys.add(List.of(names));
            return this;
        }

        /** An alternate key that is defined but whose index is not Active yet. */
        public Builder pendingKey(String... names) {
            pendingKeys.add(List.of(names));
            return this;
        }

        /** The table is not enabled for change tracking. */
        public Builder untracked() {
            changeTracking = false;
            return this;
        }

        public Builder lookup(Lookup lookup) {
            lookups.add(lookup);
            fields.add(Field.of(lookup.valueColumn(), FieldType.GUID));
            return this;
        }

        public Builder modified(String name) {
            modifiedField = name;
            return this;
        }

        public EntitySchema build() {
            return new EntitySchema(entityName, setName, fields, key, alternateKeys, pendingKeys, lookups, modifiedField,
                    changeTracking);
        }
    }
}
