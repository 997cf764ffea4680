package org.ferry.sandbox.internal.dataverse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.ferry.sandbox.internal.data.EntitySchema;
import org.ferry.sandbox.internal.data.EntityTable;
import org.ferry.sandbox.internal.data.Field;
import org.ferry.sandbox.internal.data.Lookup;
import org.ferry.sandbox.internal.data.Row;
import org.ferry.sandbox.internal.data.Store;
import org.ferry.sandbox.internal.data.Values;
import org.ferry.sandbox.internal.http.ApiException;
import org.ferry.sandbox.internal.http.Json;
import org.ferry.sandbox.internal.odata.FilterException;
import org.ferry.sandbox.internal.odata.KeySegment;

/** Row addressing, property access and JSON shaping shared by Dataverse reads and writes. */
final class DataverseRows {
    /** Characters that make alternate-key requests fail. */
    private static final java.util.regex.Pattern FORBIDDEN = java.util.regex.Pattern.compile("[/<>*%&:\\\\?+]");

    private final Store store;

    DataverseRows(Store store) {
        this.store = store;
    }

    Store store() {
        return store;
    }

    EntityTable table(String set) throws ApiException {
        EntityTable t = store.table(set);
        if (t == null) {
            throw new ApiException(404, "0x80060888", "Resource not found for the segment '" + set + "'.");
        }
        return t;
    }

    static String typeName(EntitySchema s) {
        return DataverseModel.NAMESPACE + "." + s.entityName();
    }

    /** The row an addressed segment denotes: by primary key or by a declared alternate key. */
    record Address(EntityTable table, Row row, String id, Map<String, Object> keyValues, String description) {
        /** The id a row created at this address gets: the addressed GUID, or a new one for an alternate key. */
        String unnamedOrPrimary(EntitySchema s) {
            Object pk = keyValues.get(DataverseModel.primaryId(s));
            return pk != null ? (String) pk : java.util.UUID.randomUUID().toString();
        }
    }

    Address resolve(KeySegment seg) throws ApiException {
        EntityTable t = table(seg.set());
        EntitySchema s = t.schema();
        String pk = DataverseModel.primaryId(s);
        Object idValue = seg.unnamed();
        if (idValue == null && seg.keys().size() == 1 && seg.keys().containsKey(pk)) {
            idValue = seg.keys().get(pk);
        }
        if (idValue != null) {
            if (!(idValue instanceof String str) || !Values.isGuid(str)) {
                throw ApiException.badRequest("Invalid key value '" + idValue + "' for '" + pk + "'; a GUID is expected.");
            }
            return new Address(t, t.get(str), str, Map.of(pk, str), str);
        }
        List<String> fields = new ArrayList<>(seg.keys().keySet());
        if (!t.isAlternateKey(fields)) {
            throw ApiException.badRequest("The key in the request URI is not valid for resource '" + typeName(s)
                    + "'. Ensure that the names and number of key properties match the declared or alternate key"
                    + " properties for the resource '" + typeName(s) + "'.");
        }
        List<Object> values = new ArrayList<>();
        for (String f : fields) {
            Object v = seg.keys().get(f);
            if (v instanceof String text && FORBIDDEN.matcher(text).find()) {
                // "If the data within a column used in an alternate key contains one of the following characters
                // / < > * % & : \ ? + then retrieve (GET), update, or upsert (PATCH) actions don't work"
                // (define-alternate-keys-entity). What the service answers is not documented: the sandbox refuses
                // the request as one it cannot route (the sandbox README says so).
                throw new ApiException(400, "0x80060888", "Bad Request - Error in query syntax: the key value '"
                        + text + "' of '" + f + "' cannot be used in a URL.");
            }
            values.add(coerceKey(s.field(f), v));
        }
        Row row = t.findByAlternateKey(fields, values);
        StringBuilder desc = new StringBuilder();
        seg.keys().forEach((k, v) -> desc.append(desc.isEmpty() ? "" : ",").append(k).append('=').append(v));
        return new Address(t, row, row == null ? null : row.id(), seg.keys(), desc.toString());
    }

    private static Object coerceKey(Field f, Object v) throws ApiException {
        return switch (f.type()) {
            case GUID -> {
                if (v instanceof String str && Values.isGuid(str)) {
                    yield str;
                }
                throw ApiException.badRequest("Invalid key value '" + v + "' for '" + f.name() + "'.");
            }
            case INT, BIGINT -> v instanceof Number n ? Long.valueOf(n.longValue()) : v;
            default -> v;
        };
    }

    /** Resolves a @odata.bind reference such as {@code /accounts(accountnumber='X')} to a row id. */
    Row resolveReference(String reference, String expectedSet) throws ApiException {
        String r = reference;
        int v = r.indexOf("/v9.");
        if (v >= 0) {
            r = r.substring(r.indexOf('/', v + 1) + 1);
        }
        while (r.startsWith("/")) {
            r = r.substring(1);
        }
        KeySegment seg;
        try {
            seg = KeySegment.parse(r);
        } catch (FilterException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (!seg.hasKey()) {
            throw ApiException.badRequest("The reference '" + reference + "' does not address a single record.");
        }
        if (!seg.set().equals(expectedSet)) {
            throw ApiException.badRequest("The reference '" + reference + "' addresses '" + seg.set()
                    + "' but the navigation property expects '" + expectedSet + "'.");
        }
        Address a = resolve(seg);
        if (a.row() == null) {
            String entity = a.table().schema().entityName();
            if (seg.unnamed() != null) {
                throw ApiException.notFound(entity + " With Id = " + a.id() + " Does Not Exist");
            }
            throw ApiException.notFound("A record with the specified key values does not exist in " + entity + " entity");
        }
        return a.row();
    }

    /** The value of a property or navigation path ({@code primarycontactid/fullname}) for $filter and $orderby. */
    Object property(EntitySchema s, Row row, String path) {
        int slash = path.indexOf('/');
        if (slash < 0) {
            if (path.equals("versionnumber")) {
                return row.version();
            }
            return s.has(path) ? row.get(s, path) : null;
        }
        Lookup l = s.lookupByNavigation(path.substring(0, slash));
        Object id = row.get(s, l.valueColumn());
        if (id == null) {
            return null;
        }
        EntityTable target = store.table(l.targets().get(path.substring(0, slash)));
        Row related = target.get((String) id);
        return related == null ? null : property(target.schema(), related, path.substring(slash + 1));
    }

    /** Checks that a property path names real columns; returns the Dataverse error otherwise. */
    void checkProperty(EntitySchema s, String path) throws ApiException {
        int slash = path.indexOf('/');
        if (slash < 0) {
            if (!s.has(path)) {
                throw ApiException.badRequest("Could not find a property named '" + path + "' on type '"
                        + typeName(s) + "'.");
            }
            return;
        }
        String nav = path.substring(0, slash);
        Lookup l = s.lookupByNavigation(nav);
        if (l == null) {
            throw ApiException.badRequest("Could not find a property named '" + nav + "' on type '" + typeName(s) + "'.");
        }
        checkProperty(table(l.targets().get(nav)).schema(), path.substring(slash + 1));
    }

    /** The JSON of a row: the etag, the selected columns (all when none) and always the primary id. */
    ObjectNode toJson(EntitySchema s, Row row, Collection<String> select, boolean annotations) {
        ObjectNode o = Json.newObject();
        o.put("@odata.etag", etag(row));
        for (Field f : s.fields()) {
            if (select.isEmpty() || select.contains(f.name()) || f.name().equals(DataverseModel.primaryId(s))) {
                Object value = f.name().equals("versionnumber") ? row.version() : row.get(s.indexOf(f.name()));
                o.set(f.name(), Values.toJson(f, value));
                if (annotations && value != null && f.name().startsWith("_") && f.name().endsWith("_value")) {
                    annotateLookup(s, row, f, o);
                }
            }
        }
        return o;
    }

    private void annotateLookup(EntitySchema s, Row row, Field f, ObjectNode o) {
        String attribute = f.name().substring(1, f.name().length() - "_value".length());
        for (Lookup l : s.lookups()) {
            if (l.attribute().equals(attribute)) {
                for (Map.Entry<String, String> target : l.targets().entrySet()) {
                    EntityTable t = store.table(target.getValue());
                    Row related = t.get((String) row.get(s.indexOf(f.name())));
                    if (related != null) {
                        String nameColumn = primaryName(t.schema());
                        Object display = nameColumn == null ? null : related.get(t.schema(), nameColumn);
                        if (display != null) {
                            o.put(f.name() + "@OData.Community.Display.V1.FormattedValue", display.toString());
                        }
                        o.put(f.name() + "@Microsoft.Dynamics.CRM.lookuplogicalname", t.schema().entityName());
                        o.put(f.name() + "@Microsoft.Dynamics.CRM.associatednavigationproperty", target.getKey());
                    }
                }
            }
        }
    }

    /**
     * The primary name column: name, fullname (contact), the line name (salesorderdetailname), or the first
     * column ending in "name" (currencyname); {@code null} if the table has none.
     */
    static String primaryName(EntitySchema s) {
        for (String candidate : new String[] {"name", "fullname", s.entityName() + "name"}) {
            if (s.has(candidate)) {
                return candidate;
            }
        }
        return s.fields().stream().map(f -> f.name()).filter(n -> n.endsWith("name")).findFirst().orElse(null);
    }

    static String etag(Row row) {
        return "W/\"" + row.version() + "\"";
    }
}
