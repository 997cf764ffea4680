package org.ferry.sandbox.internal.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ferry.sandbox.internal.data.EntitySchema;
import org.ferry.sandbox.internal.data.EntityTable;
import org.ferry.sandbox.internal.data.Field;
import org.ferry.sandbox.internal.data.FieldType;
import org.ferry.sandbox.internal.data.Row;
import org.ferry.sandbox.internal.data.Values;
import org.ferry.sandbox.internal.http.ApiException;
import org.ferry.sandbox.internal.http.ApiRequest;
import org.ferry.sandbox.internal.http.ApiResponse;
import org.ferry.sandbox.internal.http.Json;

/**
 * F&O creates and updates (reference §3.4): POST → 201 with the entity, PATCH/PUT → 204,
 * DELETE → 204. Validation mirrors the X++ write path: not-nullable fields, field lengths, related
 * tables (company, customer group, country/region) and duplicate keys fail as AxODataWriteException
 * with an infolog. Numbered keys come from the legal entity's {@link NumberSequences} when not given; any
 * other key field left out of a POST is refused before anything is written.
 */
final class OperationsWriter {
    private static final String CUSTOMER_GROUPS = "CustomerGroups";
    private final OperationsRows rows;
    private final NumberSequences sequences;

    OperationsWriter(OperationsRows rows) {
        this.rows = rows;
        this.sequences = new NumberSequences(rows.store());
    }

    ApiResponse create(ApiRequest req, EntityTable table) throws ApiException {
        org.ferry.sandbox.internal.throttle.ServerTime.write();
        EntitySchema s = table.schema();
        ObjectNode body = Json.object(req.body());
        Object[] values = new Object[s.fields().size()];
        if (OperationsModel.companyScoped(s) && !body.hasNonNull(OperationsModel.DATA_AREA)) {
            values[s.indexOf(OperationsModel.DATA_AREA)] = OperationsModel.DEFAULT_COMPANY;
        }
        apply(s, values, body);
        sequences.assign(s, values);
        requireKey(s, values);
        validate(s, values);
        String id = OperationsRows.id(s, values);
        Row created = table.atomically(() -> {
            if (table.get(id) != null) {
                throw OperationsErrors.writeFailed(OperationsModel.aotName(s), "Cannot create a record in "
                        + s.setName() + " (" + OperationsModel.aotName(s) + "). " + describeKey(s, values)
                        + ".\nThe record already exists..");
            }
            stamp(s, values);
            table.put(id, values);
            return table.get(id);
        });
        ObjectNode o = Json.newObject();
        o.put("@odata.context", req.serviceRoot() + "$metadata#" + s.setName() + "/$entity");
        o.setAll(rows.toJson(s, created, List.of()));
        return ApiResponse.json(201, o)
                .header("Location", req.serviceRoot() + s.setName() + OperationsRows.keyPredicate(s, created));
    }

    ApiResponse update(ApiRequest req, EntityTable table, String id, Map<String, Object> keys) throws ApiException {
        EntitySchema s = table.schema();
        ObjectNode body = Json.object(req.body());
        String ifMatch = req.header("If-Match");
        table.atomically(() -> {
            Row existing = table.get(id);
            if (existing == null) {
                throw new ApiException(404, "", "Resource not found for the segment '" + s.setName() + "'.");
            }
            // a PATCH that finds nothing costs only its request
            org.ferry.sandbox.internal.throttle.ServerTime.write();
            if (ifMatch != null && !ifMatch.trim().equals("*") && !ifMatch.trim().equals(OperationsRows.etag(existing))) {
                throw OperationsErrors.odata(412, "The ETag value in the request does not match the current ETag of the record.");
            }
            Object[] values = existing.copyValues();
            apply(s, values, body);
            for (String k : s.key()) {
                if (!EntityTable.normalize(List.of(String.valueOf(values[s.indexOf(k)])))
                        .equals(EntityTable.normalize(List.of(String.valueOf(keys.get(k)))))) {
                    throw OperationsErrors.writeFailed(OperationsModel.aotName(s),
                            "Error: The key field '" + k + "' cannot be changed.");
                }
            }
            validate(s, values);
            stamp(s, values);
            table.put(id, values);
            return null;
        });
        return ApiResponse.empty(204);
    }

    ApiResponse delete(EntityTable table, String id) throws ApiException {
        org.ferry.sandbox.internal.throttle.ServerTime.write();
        if (table.delete(id) == null) {
            throw new ApiException(404, "", "Resource not found for the segment '" + table.schema().setName() + "'.");
        }
        return ApiResponse.empty(204);
    }

    private void apply(EntitySchema s, Object[] values, ObjectNode body) throws ApiException {
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            String name = e.getKey();
            if (name.startsWith("@") || name.contains("@odata.")) {
                continue; // @odata.type and per-property type annotations carry no data
            }
            Field f = s.field(name);
            if (f == null) {
                throw OperationsErrors.odata(400, "The property '" + name + "' does not exist on type '"
                        + OperationsModel.NAMESPACE + "." + s.entityName()
                        + "'. Make sure to only use property names that are defined by the type.");
            }
            if (name.equals(OperationsModel.MODIFIED)) {
                continue; // maintained by the system
            }
            Object v;
            try {
                v = Values.fromJson(f, e.getValue());
            } catch (IllegalArgumentException ex) {
                throw OperationsErrors.odata(400, "Cannot convert the literal '" + e.getValue() + "' to the expected type of '"
                        + name + "': " + ex.getMessage() + ".");
            }
            if (f.type() == FieldType.ENUM && v != null && !OperationsModel.ENUMS.get(f.enumType()).contains(v)) {
                throw OperationsErrors.odata(400, "The value '" + v + "' is not a valid member of the enum type '"
                        + OperationsModel.NAMESPACE + "." + f.enumType() + "'.");
            }
            if (name.equals(OperationsModel.DATA_AREA) && v != null) {
                v = ((String) v).toLowerCase(Locale.ROOT);
            }
            values[s.indexOf(name)] = v;
        }
    }

    /**
     * "All fields in the entity key must be provided" (reference §3.1): a key field still empty once the number
     * sequences had their say cannot be generated, so the request is refused naming it.
     */
    private static void requireKey(EntitySchema s, Object[] values) throws ApiException {
        List<String> missing = new ArrayList<>();
        for (String k : s.key()) {
            if (values[s.indexOf(k)] == null) {
                missing.add(k);
            }
        }
        if (!missing.isEmpty()) {
            String numbered = NumberSequences.numberedField(s);
            throw OperationsErrors.odata(400, "The key field" + (missing.size() == 1 ? " '" : "s '")
                    + String.join("', '", missing) + "' of '" + OperationsModel.NAMESPACE + "." + s.entityName()
                    + "' must be provided: " + (numbered == null ? "the entity has no number sequence."
                    : "only '" + numbered + "' is numbered by a number sequence."));
        }
    }

    private void validate(EntitySchema s, Object[] values) throws ApiException {
        List<String> errors = new ArrayList<>();
        for (Field f : s.fields()) {
            Object v = values[s.indexOf(f.name())];
            if (!f.nullable() && (v == null || (v instanceof String str && str.isBlank()))) {
                errors.add("Field '" + f.name() + "' must be filled in.");
            }
            if (v instanceof String str && f.maxLength() > 0 && str.length() > f.maxLength()) {
                errors.add("The value in field '" + f.name() + "' is too long: " + str.length()
                        + " characters, the maximum is " + f.maxLength() + ".");
            }
        }
        related(s, values, OperationsModel.DATA_AREA, "Company", "Legal entities",
                v -> OperationsModel.LEGAL_ENTITIES.contains(v.toLowerCase(Locale.ROOT)), errors);
        if (s.has("CustomerGroupId") && !s.setName().equals(CUSTOMER_GROUPS)) {
            // the groups of the record's own company: groups are company data, and new ones can be created
            EntityTable groups = rows.store().table(CUSTOMER_GROUPS);
            Object company = values[s.indexOf(OperationsModel.DATA_AREA)];
            related(s, values, "CustomerGroupId", "Customer group", "Customer groups", v -> groups.get(OperationsRows.id(
                    groups.schema(), Map.of(OperationsModel.DATA_AREA, (Object) company, "CustomerGroupId", v))) != null,
                    errors);
        }
        for (Field f : s.fields()) {
            if (f.name().endsWith("CountryRegionId")) {
                related(s, values, f.name(), "Country/region", "Country/region",
                        v -> OperationsModel.COUNTRIES.containsKey(v.toUpperCase(Locale.ROOT)), errors);
            } else if (f.name().endsWith("CountryRegionISOCode")) {
                related(s, values, f.name(), "ISO code", "Country/region",
                        v -> OperationsModel.COUNTRIES.containsValue(v.toUpperCase(Locale.ROOT)), errors);
            }
        }
        if (!errors.isEmpty()) {
            throw OperationsErrors.writeFailed(OperationsModel.aotName(s), "Error: " + String.join("\nError: ", errors));
        }
    }

    private static void related(EntitySchema s, Object[] values, String field, String label, String table,
                                java.util.function.Predicate<String> exists, List<String> errors) {
        if (!s.has(field)) {
            return;
        }
        Object v = values[s.indexOf(field)];
        if (v instanceof String str && !str.isBlank() && !exists.test(str)) {
            errors.add("The value '" + str + "' in field '" + label + "' is not found in the relating table '" + table + "'.");
        }
    }

    private static void stamp(EntitySchema s, Object[] values) {
        if (s.modifiedField() != null) {
            values[s.indexOf(s.modifiedField())] = Values.now();
        }
    }

    private static String describeKey(EntitySchema s, Object[] values) {
        StringBuilder sb = new StringBuilder();
        for (String k : s.key()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(k).append(": ").append(values[s.indexOf(k)]);
        }
        return sb.toString();
    }
}
