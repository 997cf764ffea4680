package org.ferry.sandbox.internal.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.UUID;
import org.ferry.sandbox.internal.data.EntitySchema;
import org.ferry.sandbox.internal.data.EntityTable;
import org.ferry.sandbox.internal.data.Field;
import org.ferry.sandbox.internal.data.FieldType;
import org.ferry.sandbox.internal.data.KeyConflictException;
import org.ferry.sandbox.internal.data.Lookup;
import org.ferry.sandbox.internal.data.Row;
import org.ferry.sandbox.internal.data.Values;
import org.ferry.sandbox.internal.http.ApiException;
import org.ferry.sandbox.internal.http.ApiRequest;
import org.ferry.sandbox.internal.http.ApiResponse;
import org.ferry.sandbox.internal.http.Json;
import org.ferry.sandbox.internal.odata.Prefer;
import org.ferry.sandbox.internal.throttle.ServerTime;

/**
 * Creates, upserts and deletes (reference §2.4–§2.6): POST → 204 + OData-EntityId (201 with
 * return=representation), with the id the body may carry; PATCH by primary or alternate key is an upsert (so a
 * new primary key creates the record with that id), made update-only by
 * {@code If-Match: *} (404) or create-only by {@code If-None-Match: *} (412); lookups are set with
 * {@code <navigation>@odata.bind}; strings longer than MaxLength fail with 0x80044331.
 */
final class DataverseWriter {
    private final DataverseRows rows;
    private final String rootBusinessUnit;

    DataverseWriter(DataverseRows rows, String rootBusinessUnit) {
        this.rows = rows;
        this.rootBusinessUnit = rootBusinessUnit;
    }

    ApiResponse create(ApiRequest req, String set) throws ApiException {
        ServerTime.write();
        EntityTable table = rows.table(set);
        EntitySchema s = table.schema();
        ObjectNode body = Json.object(req.body());
        String pk = DataverseModel.primaryId(s);
        String id = body.hasNonNull(pk) ? guid(body.get(pk).asText()) : UUID.randomUUID().toString();
        body.remove(pk);
        Object[] values = newRow(s, id);
        apply(s, values, body, true);
        Row created = table.atomically(() -> {
            if (table.get(id) != null) {
                // the primary key's own constraint, not a conditional header: Microsoft's "Troubleshoot Dataverse
                // client errors" names it "Cannot insert duplicate key" (-2147220937); 412 per reference §2.9
                throw new ApiException(412, "0x80040237", "Cannot insert duplicate key.");
            }
            return store(table, id, values);
        });
        return written(req, s, created, 201, true, "(" + created.id() + ")");
    }

    ApiResponse upsert(ApiRequest req, DataverseRows.Address address) throws ApiException {
        ServerTime.write();
        EntityTable table = address.table();
        EntitySchema s = table.schema();
        ObjectNode body = Json.object(req.body());
        String ifMatch = req.header("If-Match");
        String ifNoneMatch = req.header("If-None-Match");
        Row[] result = new Row[1];
        boolean created = table.atomically(() -> {
            DataverseRows.Address current = rows.resolve(new org.ferry.sandbox.internal.odata.KeySegment(
                    s.setName(), address.keyValues(), null, true));
            Row existing = current.row();
            if (ifMatch != null) {
                if (existing == null) {
                    throw DataverseReader.notFound(s, address);
                }
                if (!ifMatch.trim().equals("*") && !ifMatch.trim().equals(DataverseRows.etag(existing))) {
                    throw new ApiException(412, "0x80060882",
                            "The version of the existing record doesn't match the RowVersion property provided.");
                }
            }
            if ("*".equals(ifNoneMatch == null ? null : ifNoneMatch.trim()) && existing != null) {
                throw new ApiException(412, "0x80040237", "A record with matching key values already exists.");
            }
            if (existing != null) {
                // keys cannot be changed through the key that addresses the row
                address.keyValues().keySet().forEach(body::remove);
                body.remove(DataverseModel.primaryId(s));
                Object[] values = existing.copyValues();
                apply(s, values, body, false);
                result[0] = store(table, existing.id(), values);
                return false;
            }
            String id = address.unnamedOrPrimary(s);
            Object[] values = newRow(s, id);
            for (Map.Entry<String, Object> k : address.keyValues().entrySet()) {
                if (!body.has(k.getKey())) {
                    values[s.indexOf(k.getKey())] = k.getValue();
                }
            }
            body.remove(DataverseModel.primaryId(s));
            apply(s, values, body, true);
            result[0] = store(table, id, values);
            return true;
        });
        return written(req, s, result[0], created ? 201 : 200, false, keyPredicate(s, address, result[0]));
    }

    ApiResponse delete(DataverseRows.Address address) throws ApiException {
        ServerTime.write();
        if (address.row() == null || address.table().delete(address.row().id()) == null) {
            throw DataverseReader.notFound(address.table().schema(), address);
        }
        return ApiResponse.empty(204);
    }

    /** PUT/DELETE of a single property ({@code accounts(<id>)/name}). */
    ApiResponse writeProperty(ApiRequest req, DataverseRows.Address address, String property, boolean clear)
            throws ApiException {
        EntityTable table = address.table();
        ServerTime.write();
        EntitySchema s = table.schema();
        if (address.row() == null) {
            throw DataverseReader.notFound(s, address);
        }
        ObjectNode patch = Json.newObject();
        if (clear) {
            patch.putNull(property);
        } else {
            JsonNode value = Json.object(req.body()).get("value");
            patch.set(property, value == null ? Json.newObject().nullNode() : value);
        }
        table.atomically(() -> {
            Row current = table.get(address.row().id());
            if (current == null) {
                throw DataverseReader.notFound(s, address);
            }
            Object[] values = current.copyValues();
            apply(s, values, patch, false);
            return store(table, current.id(), values);
        });
        return ApiResponse.empty(204);
    }

    private Object[] newRow(EntitySchema s, String id) {
        Object[] values = new Object[s.fields().size()];
        values[s.indexOf(DataverseModel.primaryId(s))] = id;
        values[s.indexOf("createdon")] = Values.now();
        values[s.indexOf("_owningbusinessunit_value")] = rootBusinessUnit;
        if (s.has("statecode")) {
            values[s.indexOf("statecode")] = 0L;
        }
        return values;
    }

    private static Row store(EntityTable table, String id, Object[] values) throws ApiException {
        EntitySchema s = table.schema();
        values[s.indexOf("modifiedon")] = Values.now();
        if (s.has("fullname") && s.has("firstname")) {
            Object first = values[s.indexOf("firstname")];
            Object last = values[s.indexOf("lastname")];
            String full = ((first == null ? "" : first + " ") + (last == null ? "" : last)).trim();
            values[s.indexOf("fullname")] = full.isEmpty() ? null : full;
        }
        try {
            table.put(id, values);
        } catch (KeyConflictException e) {
            throw new ApiException(412, "0x80040237", e.getMessage());
        }
        return table.get(id);
    }

    private void apply(EntitySchema s, Object[] values, ObjectNode body, boolean creating) throws ApiException {
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            String name = e.getKey();
            if (name.startsWith("@odata.")) {
                continue;
            }
            if (name.endsWith("@odata.bind")) {
                bind(s, values, name.substring(0, name.length() - "@odata.bind".length()), e.getValue());
                continue;
            }
            if (name.contains("@")) {
                continue; // instance annotations such as @odata.type carry no data
            }
            Field f = s.field(name);
            if (f == null || (name.startsWith("_") && name.endsWith("_value"))) {
                throw new ApiException(400, "0x80060888", "The property '" + name + "' does not exist on type '"
                        + DataverseRows.typeName(s) + "'. Make sure to only use property names that are defined by the type.");
            }
            if (DataverseModel.isSystemColumn(s, name)) {
                continue; // the service maintains these, as Dataverse ignores createdon/modifiedon on writes
            }
            Object v;
            try {
                v = Values.fromJson(f, e.getValue());
            } catch (IllegalArgumentException ex) {
                throw new ApiException(400, "0x80048d19", "Error identified in Payload provided by the user for Entity :'"
                        + s.setName() + "', For more information on this error please follow this help link "
                        + "https://go.microsoft.com/fwlink/?linkid=2195293 ----> InnerException : " + ex.getMessage());
            }
            if (f.type() == FieldType.STRING && v != null && f.maxLength() > 0 && ((String) v).length() > f.maxLength()) {
                throw new ApiException(400, "0x80044331", "A validation error occurred.  The length of the '" + name
                        + "' attribute of the '" + s.entityName() + "' entity exceeded the maximum allowed length of '"
                        + f.maxLength() + "'.");
            }
            values[s.indexOf(name)] = v;
        }
    }

    private void bind(EntitySchema s, Object[] values, String navigation, JsonNode reference) throws ApiException {
        Lookup l = s.lookupByNavigation(navigation);
        if (l == null) {
            throw new ApiException(400, "0x80060888", "An undeclared property '" + navigation
                    + "' which only has property annotations in the payload but no property value was found in the payload."
                    + " In OData, only declared navigation properties and declared named streams can be represented as"
                    + " properties without values.");
        }
        if (reference == null || reference.isNull()) {
            values[s.indexOf(l.valueColumn())] = null;
            return;
        }
        if (!reference.isTextual()) {
            throw ApiException.badRequest("The value of '" + navigation + "@odata.bind' must be a URL string.");
        }
        Row target = rows.resolveReference(reference.textValue(), l.targets().get(navigation));
        values[s.indexOf(l.valueColumn())] = target.id();
    }

    /** The entity URL is given in the form the request used, as in the documented alternate-key upsert. */
    private static String keyPredicate(EntitySchema s, DataverseRows.Address address, Row row) {
        if (address.keyValues().containsKey(DataverseModel.primaryId(s))) {
            return "(" + row.id() + ")";
        }
        StringBuilder sb = new StringBuilder("(");
        address.keyValues().forEach((k, v) -> sb.append(sb.length() == 1 ? "" : ",").append(k).append('=')
                .append(v instanceof String str && !Values.isGuid(str) ? "'" + str.replace("'", "''") + "'" : v));
        return sb.append(')').toString();
    }

    private ApiResponse written(ApiRequest req, EntitySchema s, Row row, int representationStatus, boolean post,
                                String key) throws ApiException {
        String entityId = req.serviceRoot() + s.setName() + key;
        Prefer prefer = Prefer.parse(req.header("Prefer"));
        if (prefer.returnRepresentation()) {
            ObjectNode o = Json.newObject();
            var select = DataverseReader.select(s, req.query().get("$select"));
            o.put("@odata.context", req.serviceRoot() + "$metadata#" + s.setName()
                    + DataverseReader.selectSuffix(s, select) + "/$entity");
            o.setAll(rows.toJson(s, row, select, false));
            ApiResponse r = ApiResponse.json(representationStatus, o).header("Preference-Applied", "return=representation");
            return post ? r : r.header("OData-EntityId", entityId);
        }
        return ApiResponse.empty(204).header("OData-EntityId", entityId);
    }

    private static String guid(String text) throws ApiException {
        try {
            return Values.guid(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }
}
