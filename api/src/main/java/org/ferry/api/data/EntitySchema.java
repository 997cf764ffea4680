package org.ferry.api.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An entity as its system describes it: fields, keys and the organization field that scopes it.
 *
 * @param name              the entity's logical name ({@code account}, {@code CustomersV3}, {@code Account})
 * @param label             a display name
 * @param fields            the fields, in the system's order
 * @param primaryKey        the system's own key fields (a GUID id, or {@code dataAreaId, CustomerAccount});
 *                          empty if the system has none usable
 * @param alternateKeys     further unique keys, each a list of field names (Dataverse alternate keys)
 * @param businessKey       the key Ferry uses to match records across systems, by default; one of the keys
 *                          above, or empty if the entity has none (records then need a key-mapping table
 *                          or an integration key configured on the connection set)
 * @param organizationField the field holding the organization unit a record belongs to
 *                          ({@code dataAreaId}, {@code owningbusinessunit}), or {@code null} if unscoped
 */
public record EntitySchema(String name, String label, List<FieldSchema> fields, List<String> primaryKey,
                           List<List<String>> alternateKeys, List<String> businessKey, String organizationField) {
    public EntitySchema {
        Objects.requireNonNull(name, "name");
        label = label == null || label.isBlank() ? name : label;
        fields = List.copyOf(fields);
        primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
        alternateKeys = alternateKeys == null ? List.of() : alternateKeys.stream().map(List::copyOf).toList();
        businessKey = businessKey == null ? List.of() : List.copyOf(businessKey);
        Map<String, FieldSchema> byName = new LinkedHashMap<>();
        for (FieldSchema f : fields) {
            if (byName.put(f.name(), f) != null) {
                throw new IllegalArgumentException("entity '" + name + "' declares field '" + f.name() + "' twice");
            }
        }
        for (String k : businessKey) {
            if (!byName.containsKey(k)) {
                throw new IllegalArgumentException("business key field '" + k + "' is not a field of '" + name + "'");
            }
        }
    }

    /** @return the field with this name, if the entity has it */
    public Optional<FieldSchema> field(String fieldName) {
        for (FieldSchema f : fields) {
            if (f.name().equals(fieldName)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** @return the fields a create must provide, other than read-only ones */
    public List<FieldSchema> requiredFields() {
        return fields.stream().filter(f -> f.required() && !f.readOnly()).toList();
    }
}
