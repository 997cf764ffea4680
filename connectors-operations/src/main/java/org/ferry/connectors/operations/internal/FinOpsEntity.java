package org.ferry.connectors.operations.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.ferry.api.data.EntitySchema;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.ValueType;
import org.ferry.connectors.common.odata.CsdlModel;
import org.ferry.connectors.common.odata.EdmValueConverter;

/**
 * An F&amp;O data entity, by its public entity set name ({@code CustomersV3}), from {@code /data/$metadata}.
 *
 * <p>Keys: F&amp;O keys company-specific entities by {@code dataAreaId} plus the entity's own fields. The
 * business key is the key without {@code dataAreaId} ({@code CustomerAccount}), and records carry the
 * company as their organization: the same customer account in USMF and DEMF are then two records with
 * one business key in two organizations, which is exactly what the engine's collision check and the
 * organization mapping are for. Writes take the company from the key if it has a {@code dataAreaId}
 * part, else from the organization unit, else from the record.
 *
 * @param watermark the modified-date field used for incremental reads, or {@code null} when the entity has none
 * @param enums     the members of each enum type its fields have, by qualified type name
 */
record FinOpsEntity(String name, List<String> key, Map<String, CsdlModel.Property> fields, String watermark,
                    Map<String, List<CsdlModel.EnumMember>> enums) {
    static final String COMPANY = "dataAreaId";
    private static final Pattern MODIFIED = Pattern.compile("(?i)(last)?modified(date)?(time)?(on)?\\d*");

    static FinOpsEntity of(String set, CsdlModel.EntityType type, CsdlModel csdl) {
        Map<String, CsdlModel.Property> fields = new LinkedHashMap<>();
        Map<String, List<CsdlModel.EnumMember>> enums = new LinkedHashMap<>();
        String watermark = null;
        for (CsdlModel.Property p : type.properties()) {
            fields.put(p.name(), p);
            if (watermark == null && "Edm.DateTimeOffset".equals(p.type()) && MODIFIED.matcher(p.name()).matches()) {
                watermark = p.name();
            }
            if (csdl.isEnum(p.type())) {
                enums.put(p.type(), csdl.enumMembers(p.type()));
            }
        }
        return new FinOpsEntity(set, type.key(), fields, watermark, Map.copyOf(enums));
    }

    /** @return the members of the field's enum type, or {@code null} when the field is not an enum */
    List<CsdlModel.EnumMember> enumMembers(String fieldName) {
        CsdlModel.Property p = fields.get(fieldName);
        return p == null ? null : enums.get(p.type());
    }

    boolean companySpecific() {
        return key.contains(COMPANY);
    }

    /** The key without the company: what identifies a record within one legal entity. */
    List<String> businessKey() {
        return key.stream().filter(k -> !k.equals(COMPANY)).toList();
    }

    Optional<CsdlModel.Property> field(String fieldName) {
        return Optional.ofNullable(fields.get(fieldName));
    }

    String edmType(String fieldName) {
        CsdlModel.Property p = fields.get(fieldName);
        return p == null ? null : p.type();
    }

    EntitySchema schema() {
        List<FieldSchema> fs = new ArrayList<>();
        for (CsdlModel.Property p : fields.values()) {
            ValueType t = EdmValueConverter.valueType(p.type());
            boolean keyPart = key.contains(p.name());
            fs.add(new FieldSchema(p.name(), p.name(), t, t == ValueType.TEXT ? p.maxLength() : null, p.scale(),
                    !p.nullable() || keyPart, p.name().equals(watermark), List.of()));
        }
        List<String> bk = businessKey();
        return new EntitySchema(name, name, fs, key, List.of(), bk.isEmpty() ? key : bk,
                companySpecific() ? COMPANY : null);
    }
}
