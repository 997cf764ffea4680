package org.ferry.connectors.sales.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ferry.api.data.EntitySchema;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.ValueType;
import org.ferry.connectors.common.odata.CsdlModel;
import org.ferry.connectors.common.odata.EdmValueConverter;

/**
 * A Dataverse table as the connector uses it, derived from {@code $metadata}.
 *
 * <p>Lookups: Dataverse exposes a lookup as a GUID column {@code _x_value} plus one single-valued
 * navigation property per target table whose referential constraint names that column
 * ({@code parentcustomerid_account}, {@code parentcustomerid_contact}). Ferry sees one REFERENCE field
 * {@code x} whose targets are those tables; a write picks the navigation property of the reference's
 * entity for {@code @odata.bind}.
 *
 * @param name       the table's logical name (the entity type name), which Ferry uses as the entity name
 * @param entitySet  the entity set in URLs
 * @param primaryKey the GUID column
 * @param fields     Ferry fields by name
 * @param altKeys    the alternate keys that work (index status Active), in metadata order; the first is the
 *                   business key. Most tables have none: records are then found by {@code $filter}.
 * @param changeTracking whether the table is enabled for change tracking ({@code ChangeTrackingEnabled}), or
 *                   {@code null} when the service did not say (the read then checks {@code Preference-Applied})
 */
record EntityModel(String name, String entitySet, String primaryKey, Map<String, FieldModel> fields,
                   List<List<String>> altKeys, Boolean changeTracking) {

    /**
     * @param column      the JSON property it is read from ({@code _x_value} for a lookup)
     * @param navByTarget for a lookup, target table logical name to the navigation property to bind, in the
     *                    order the navigation properties appear in {@code $metadata} (the first is the default)
     */
    record FieldModel(String name, String column, String edmType, ValueType type, Integer maxLength, Integer scale,
                      boolean required, boolean readOnly, Map<String, String> navByTarget) {
        boolean isLookup() {
            return !navByTarget.isEmpty();
        }
    }

    static EntityModel of(CsdlModel csdl, CsdlModel.EntityType type, String entitySet) {
        Map<String, Map<String, String>> lookups = new LinkedHashMap<>();
        for (CsdlModel.Navigation nav : type.navigations()) {
            if (nav.collection() || nav.constraints().size() != 1) {
                continue;
            }
            String column = nav.constraints().keySet().iterator().next();
            csdl.type(nav.targetType()).ifPresent(target ->
                    lookups.computeIfAbsent(column, c -> new LinkedHashMap<>()).put(target.name(), nav.name()));
        }
        String pk = type.key().isEmpty() ? null : type.key().get(0);
        Map<String, FieldModel> fields = new LinkedHashMap<>();
        for (CsdlModel.Property p : type.properties()) {
            Map<String, String> targets = lookups.get(p.name());
            boolean lookupColumn = p.name().startsWith("_") && p.name().endsWith("_value");
            if (targets != null && lookupColumn) {
                String name = p.name().substring(1, p.name().length() - "_value".length());
                // kept in $metadata order, never Map.copyOf: the engine takes the first target as the lookup's
                // default related entity, so the order must be the service's and the same in every JVM
                fields.put(name, new FieldModel(name, p.name(), p.type(), ValueType.REFERENCE, null, null,
                        false, false, Collections.unmodifiableMap(new LinkedHashMap<>(targets))));
            } else {
                boolean readOnly = p.name().equals(pk) || lookupColumn;
                fields.put(p.name(), new FieldModel(p.name(), p.name(), p.type(),
                        EdmValueConverter.valueType(p.type()), p.maxLength(), p.scale(),
                        !p.nullable() && !readOnly, readOnly, Map.of()));
            }
        }
        // an alternate key may include a lookup column (quote lines: _quoteid_value, sequencenumber); Ferry
        // names that part by its lookup field and carries the related record's business key text as its value
        // (the quotenumber), which reads resolve from the GUID and writes back to it (AlternateKeyResolver)
        List<List<String>> altKeys = type.alternateKeys().stream().map(k -> k.stream()
                .map(c -> lookups.containsKey(c) && c.startsWith("_") && c.endsWith("_value")
                        ? c.substring(1, c.length() - "_value".length()) : c).toList()).toList();
        return new EntityModel(type.name(), entitySet, pk, fields, altKeys, null);
    }

    /**
     * @param keys the alternate keys the table definition lists as Active, by attribute logical name (a lookup
     *             is named by its attribute, as Ferry names the field)
     * @return this table as its definition describes it
     */
    EntityModel withDefinition(List<List<String>> keys, Boolean tracking) {
        return new EntityModel(name, entitySet, primaryKey, fields, List.copyOf(keys), tracking);
    }

    /**
     * @return whether records can be addressed in a URL by this key: its fields form an Active alternate key and
     *         none of its values holds a character that breaks alternate-key requests ("If the data within a column
     *         used in an alternate key contains one of the following characters / &lt; &gt; * % &amp; : \ ? +,
     *         then retrieve (GET), update, or upsert (PATCH) actions don't work")
     */
    boolean addressableBy(org.ferry.api.data.BusinessKey key) {
        if (key == null) {
            return false;
        }
        List<String> fields = key.fields();
        boolean isKey = altKeys.stream().anyMatch(k -> k.size() == fields.size() && k.containsAll(fields));
        return isKey && key.parts().values().stream().noneMatch(v -> v != null && FORBIDDEN.matcher(v).find());
    }

    private static final java.util.regex.Pattern FORBIDDEN = java.util.regex.Pattern.compile("[/<>*%&:\\\\?+]");

    /** @return the business key: the first alternate key, or empty when the table has none */
    List<String> businessKey() {
        return altKeys.isEmpty() ? List.of() : altKeys.get(0);
    }

    Optional<FieldModel> field(String fieldName) {
        return Optional.ofNullable(fields.get(fieldName));
    }

    /** The columns of a {@code $select} for these Ferry fields (all when empty); the id always included. */
    List<String> columns(List<String> wanted) {
        List<String> cols = new ArrayList<>();
        if (primaryKey != null) {
            cols.add(primaryKey);
        }
        for (FieldModel f : fields.values()) {
            if ((wanted.isEmpty() || wanted.contains(f.name()) || businessKey().contains(f.name()))
                    && !cols.contains(f.column())) {
                cols.add(f.column());
            }
        }
        return cols;
    }

    /** @return the field holding the owning business unit, when the table is user- or team-owned */
    String organizationField() {
        return fields.containsKey("owningbusinessunit") ? "owningbusinessunit" : null;
    }

    EntitySchema schema() {
        List<FieldSchema> fs = new ArrayList<>();
        for (FieldModel f : fields.values()) {
            List<String> targets = f.isLookup() ? List.copyOf(f.navByTarget().keySet()) : List.of();
            fs.add(new FieldSchema(f.name(), f.name(), f.type(), f.type() == ValueType.TEXT ? f.maxLength() : null,
                    f.scale(), f.required(), f.readOnly(), targets));
        }
        List<String> bk = businessKey().stream().allMatch(fields::containsKey) ? businessKey() : List.of();
        return new EntitySchema(name, name, fs, primaryKey == null ? List.of() : List.of(primaryKey), altKeys, bk,
                organizationField());
    }
}
