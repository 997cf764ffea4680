package org.ferry.connectors.cds.internal.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ferry.api.data.EntitySchema;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.ValueType;

/**
 * A small declarative way to write the built-in entity catalogue: fields in order, the business key, and
 * the schema version each entity or field first appeared in, so that migrations can be derived.
 */
final class EntityBuilder {
    /** Money and quantities keep four decimals, as Dataverse money fields do at most. */
    static final int MONEY_SCALE = 4;

    private final String name;
    private final String label;
    private final int since;
    private final List<FieldSchema> fields = new ArrayList<>();
    private final Map<String, Integer> fieldSince = new LinkedHashMap<>();
    private final List<String> key = new ArrayList<>();
    private boolean scoped = true;

    private EntityBuilder(String name, String label, int since) {
        this.name = name;
        this.label = label;
        this.since = since;
    }

    static EntityBuilder entity(String name, String label, int since) {
        return new EntityBuilder(name, label, since);
    }

    EntityBuilder unscoped() {
        scoped = false;
        return this;
    }

    EntityBuilder key(FieldSchema field) {
        key.add(field.name());
        return add(field.asRequired(), 1);
    }

    EntityBuilder text(String field, int maxLength) {
        return add(FieldSchema.text(field, maxLength), 1);
    }

    EntityBuilder requiredText(String field, int maxLength) {
        return add(FieldSchema.text(field, maxLength).asRequired(), 1);
    }

    EntityBuilder money(String field) {
        return add(FieldSchema.of(field, ValueType.DECIMAL).withScale(MONEY_SCALE), 1)
                .text(field + "_CurrencyCode", 3);
    }

    EntityBuilder decimal(String field) {
        return add(FieldSchema.of(field, ValueType.DECIMAL).withScale(MONEY_SCALE), 1);
    }

    EntityBuilder of(String field, ValueType type) {
        return add(FieldSchema.of(field, type), 1);
    }

    EntityBuilder lookup(String field, String target) {
        return add(FieldSchema.lookup(field, target), 1);
    }

    EntityBuilder requiredLookup(String field, String target) {
        return add(FieldSchema.lookup(field, target).asRequired(), 1);
    }

    /** The address block the 2017 templates use on order and quotation headers and lines. */
    EntityBuilder address(String prefix) {
        return text(prefix + "_AddressLine1", 250).text(prefix + "_AddressLine2", 250).text(prefix + "_City", 80)
                .text(prefix + "_State", 50).text(prefix + "_PostalCode", 20).text(prefix + "_Country", 80);
    }

    EntityBuilder add(FieldSchema field, int fieldSinceVersion) {
        fields.add(field);
        fieldSince.put(field.name(), fieldSinceVersion);
        return this;
    }

    BuiltInEntity build() {
        List<FieldSchema> all = new ArrayList<>(fields);
        Map<String, Integer> allSince = new LinkedHashMap<>(fieldSince);
        String organizationField = null;
        if (scoped) {
            organizationField = EntityDefinition.ORGANIZATION_FIELD;
            all.add(FieldSchema.lookup(organizationField, EntityDefinition.ORGANIZATION_ENTITY)
                    .withLabel("Organization").asRequired());
            allSince.put(organizationField, since);
        }
        EntitySchema schema = new EntitySchema(name, label, all, List.copyOf(key), List.of(),
                List.copyOf(key), organizationField);
        return new BuiltInEntity(schema, since, allSince);
    }
}
