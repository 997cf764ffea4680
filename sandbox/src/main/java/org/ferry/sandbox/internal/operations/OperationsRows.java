package org.ferry.sandbox.internal.operations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ferry.sandbox.internal.data.EntitySchema;
import org.ferry.sandbox.internal.data.EntityTable;
import org.ferry.sandbox.internal.data.Field;
import org.ferry.sandbox.internal.data.Row;
import org.ferry.sandbox.internal.data.Store;
import org.ferry.sandbox.internal.data.Values;
import org.ferry.sandbox.internal.http.ApiException;
import org.ferry.sandbox.internal.http.Json;
import org.ferry.sandbox.internal.odata.KeySegment;

/** Composite-key addressing and JSON shaping for the F&O emulator. */
final class OperationsRows {
    private final Store store;

    OperationsRows(Store store) {
        this.store = store;
    }

    Store store() {
        return store;
    }

    EntityTable table(String set) throws ApiException {
        EntityTable t = store.table(set);
        if (t == null) {
            throw new ApiException(404, "", "No HTTP resource was found that matches the request URI '" + set + "'.");
        }
        return t;
    }

    /** The canonical primary key of a row: its key values in key order, compared case-insensitively. */
    static String id(EntitySchema s, Object[] values) {
        List<Object> parts = new ArrayList<>();
        for (String k : s.key()) {
            parts.add(values[s.indexOf(k)]);
        }
        return EntityTable.normalize(parts);
    }

    /** Key values from the URL; F&O requires every key field ("all fields in the entity key must be provided"). */
    Map<String, Object> keyValues(EntitySchema s, KeySegment seg) throws ApiException {
        Map<String, Object> keys = new java.util.LinkedHashMap<>(seg.keys());
        if (seg.unnamed() != null && s.key().size() == 1) {
            keys.put(s.key().get(0), seg.unnamed());
        }
        if (keys.size() != s.key().size() || !keys.keySet().containsAll(s.key())) {
            throw OperationsErrors.odata(400, "The number of keys specified in the URI does not match number of key"
                    + " properties for the resource '" + OperationsModel.NAMESPACE + "." + s.entityName() + "'.");
        }
        for (String k : s.key()) {
            Field f = s.field(k);
            Object v = keys.get(k);
            if (k.equals(OperationsModel.DATA_AREA) && v instanceof String str) {
                keys.put(k, str.toLowerCase(Locale.ROOT));
            } else if (f.type() == org.ferry.sandbox.internal.data.FieldType.INT && !(v instanceof Long)) {
                throw OperationsErrors.odata(400, "The key value '" + v + "' of '" + k + "' is not an integer.");
            }
        }
        return keys;
    }

    static String id(EntitySchema s, Map<String, Object> keys) {
        List<Object> parts = new ArrayList<>();
        for (String k : s.key()) {
            parts.add(keys.get(k));
        }
        return EntityTable.normalize(parts);
    }

    ObjectNode toJson(EntitySchema s, Row row, Collection<String> select) {
        ObjectNode o = Json.newObject();
        o.put("@odata.etag", etag(row));
        for (Field f : s.fields()) {
            if (select.isEmpty() || select.contains(f.name())) {
                o.set(f.name(), Values.toJson(f, row.get(s.indexOf(f.name()))));
            }
        }
        return o;
    }

    /** Weak base64 ETags like the captured {@code W/"JzAsMjI1NjU0MjExNzYn"} ( = base64 of {@code '0,22565421176'}). */
    static String etag(Row row) {
        String raw = "'0," + row.version() + "'";
        return "W/\"" + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8)) + "\"";
    }

    static String keyPredicate(EntitySchema s, Row row) {
        StringBuilder sb = new StringBuilder("(");
        for (String k : s.key()) {
            Object v = row.get(s, k);
            sb.append(sb.length() == 1 ? "" : ",").append(k).append('=');
            sb.append(v instanceof String str ? "'" + str.replace("'", "''") + "'" : String.valueOf(v));
        }
        return sb.append(')').toString();
    }
}
