package org.ferry.connectors.cds.internal.schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.ferry.api.data.EntitySchema;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.ValueType;

/**
 * An entity as the hub stores it: its schema plus what the SQL layer needs (table and column names,
 * column types and lengths, the stored length of its business key text). Immutable.
 *
 * <p>Every entity table has three internal columns besides its fields: {@code _id} (an identity, reported as
 * the record's source id), {@code _key} (the business key in canonical text, unique within the organization,
 * so single and composite keys are looked up alike) and {@code _seq} (the environment-wide change sequence
 * of the row's last change), plus {@code _modified}.
 */
public final class EntityDefinition {
    public static final String ORGANIZATION_ENTITY = "Organization";
    public static final String ORGANIZATION_FIELD = "Organization_OrganizationId";
    /** The SQL schema holding one table per entity; the hub's own tables live in {@code CDS}. */
    public static final String TABLE_SCHEMA = "ENTITIES";
    /** Identifiers are quoted in SQL, so only this shape is ever let through. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,99}");
    /** Derby index rows must fit a page; business keys are short in every system Ferry talks to. */
    public static final int MAX_KEY_TEXT = 1000;

    private final EntitySchema schema;
    private final boolean custom;
    private final List<FieldSchema> keyFields;
    private final FieldSchema organizationField;
    private final Map<String, FieldSchema> byName = new HashMap<>();
    private final Map<String, Integer> storedLength = new HashMap<>();
    private final int keyTextLength;

    private EntityDefinition(EntitySchema schema, boolean custom, Function<String, EntityDefinition> resolver) {
        this.schema = schema;
        this.custom = custom;
        check(schema.name(), "entity name");
        for (FieldSchema f : schema.fields()) {
            check(f.name(), "field name");
            byName.put(f.name(), f);
            storedLength.put(f.name(), lengthOf(f, resolver));
        }
        List<FieldSchema> keys = new ArrayList<>();
        int length = 0;
        for (String k : schema.businessKey()) {
            FieldSchema f = byName.get(k);
            keys.add(f);
            length += schema.businessKey().size() == 1 ? storedLength.get(k) : 2 * storedLength.get(k) + 1;
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("entity '" + schema.name() + "' needs a business key");
        }
        if (length > MAX_KEY_TEXT) {
            throw new IllegalArgumentException("the business key of '" + schema.name() + "' may hold up to "
                    + length + " characters; the hub allows " + MAX_KEY_TEXT);
        }
        this.keyFields = List.copyOf(keys);
        this.keyTextLength = length;
        this.organizationField = schema.organizationField() == null ? null : byName.get(schema.organizationField());
    }

    /**
     * @param resolver finds the definitions of the entities this one's lookups refer to, already built
     * @throws IllegalArgumentException if a name, key or lookup is unusable
     */
    public static EntityDefinition of(EntitySchema schema, boolean custom, Function<String, EntityDefinition> resolver) {
        return new EntityDefinition(schema, custom, resolver);
    }

    private static void check(String name, String what) {
        if (!NAME.matcher(name).matches() || name.startsWith("_")) {
            throw new IllegalArgumentException("the " + what + " '" + name
                    + "' must start with a letter and hold only letters, digits and underscores (at most 100)");
        }
    }

    private static int lengthOf(FieldSchema f, Function<String, EntityDefinition> resolver) {
        return switch (f.type()) {
            case TEXT -> f.maxLength();
            case REFERENCE -> {
                EntityDefinition target = resolver.apply(f.lookup().get(0));
                if (target == null) {
                    throw new IllegalArgumentException("field '" + f.name() + "' refers to '" + f.lookup().get(0)
                            + "', which is not an entity of the hub");
                }
                yield target.keyTextLength;
            }
            case INTEGER -> 20;
            case DECIMAL -> 33;
            case BOOLEAN -> 5;
            case DATE -> 10;
            case DATE_TIME -> 35;
        };
    }

    public EntitySchema schema() {
        return schema;
    }

    public String name() {
        return schema.name();
    }

    public boolean custom() {
        return custom;
    }

    public boolean scoped() {
        return organizationField != null;
    }

    /** @return the field holding the organization, or {@code null} for unscoped entities */
    public FieldSchema organizationField() {
        return organizationField;
    }

    public List<FieldSchema> keyFields() {
        return keyFields;
    }

    public List<FieldSchema> fields() {
        return schema.fields();
    }

    /** @return the field, or {@code null} */
    public FieldSchema field(String name) {
        return byName.get(name);
    }

    /** @return the entity a reference field refers to */
    public String target(FieldSchema reference) {
        return reference.lookup().get(0);
    }

    /** @return the most characters the field's stored value may have (text, references and keys) */
    public int storedLength(FieldSchema f) {
        return storedLength.get(f.name());
    }

    public int keyTextLength() {
        return keyTextLength;
    }

    /** @return the quoted, schema-qualified table name */
    public String table() {
        return "\"" + TABLE_SCHEMA + "\".\"" + schema.name() + "\"";
    }

    /** @return the quoted column name of a field (names were checked against {@link #NAME} on construction) */
    public static String column(FieldSchema f) {
        return "\"" + f.name() + "\"";
    }

    /** @return the SQL type of a field's column */
    public String sqlType(FieldSchema f) {
        return switch (f.type()) {
            case TEXT, REFERENCE -> "VARCHAR(" + storedLength(f) + ")";
            case DECIMAL -> "DECIMAL(31," + scaleOf(f) + ")";
            case INTEGER -> "BIGINT";
            case BOOLEAN -> "BOOLEAN";
            case DATE -> "DATE";
            case DATE_TIME -> "TIMESTAMP";
        };
    }

    public static int scaleOf(FieldSchema f) {
        return f.scale() == null ? EntityBuilder.MONEY_SCALE : f.scale();
    }

    /** @return whether values of this type are text-like and bounded by a length */
    public static boolean isText(ValueType type) {
        return type == ValueType.TEXT || type == ValueType.REFERENCE;
    }
}
