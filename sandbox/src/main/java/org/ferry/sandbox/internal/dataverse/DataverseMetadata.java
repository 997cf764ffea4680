package org.ferry.sandbox.internal.dataverse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.ferry.sandbox.internal.data.EntitySchema;
import org.ferry.sandbox.internal.data.EntityTable;
import org.ferry.sandbox.internal.data.Store;
import org.ferry.sandbox.internal.http.ApiException;
import org.ferry.sandbox.internal.http.ApiRequest;
import org.ferry.sandbox.internal.http.ApiResponse;
import org.ferry.sandbox.internal.http.Json;
import org.ferry.sandbox.internal.odata.KeySegment;

/**
 * Table definitions as the Web API publishes them (EntityMetadata, "Query table definitions using the Web
 * API"): {@code EntityDefinitions(LogicalName='account')} with {@code $select} and {@code $expand=Keys},
 * and {@code EntityDefinitions(LogicalName='account')/Keys}. Clients learn here which alternate keys a table has
 * and whether their index is usable ({@code EntityKeyIndexStatus}: only an {@code Active} key works), and whether
 * the table is enabled for change tracking ({@code ChangeTrackingEnabled}). The collection itself is served with
 * {@code $select} only: a real org's is thousands of tables, and this subset is what a client needs.
 */
final class DataverseMetadata {
    private static final List<String> PROPERTIES = List.of("MetadataId", "LogicalName", "EntitySetName",
            "PrimaryIdAttribute", "ChangeTrackingEnabled", "IsCustomEntity");

    private final Store store;

    DataverseMetadata(Store store) {
        this.store = store;
    }

    /** Handles {@code EntityDefinitions…}; {@code segments[0]} names it. */
    ApiResponse read(ApiRequest req, KeySegment seg, String[] segments) throws ApiException {
        if (!req.method().equals("GET")) {
            throw new ApiException(405, "0x80060888", "The HTTP method '" + req.method() + "' is not allowed for this resource.");
        }
        if (!seg.hasKey()) {
            ObjectNode body = Json.newObject();
            body.put("@odata.context", req.serviceRoot() + "$metadata#EntityDefinitions");
            ArrayNode value = body.putArray("value");
            for (EntityTable t : store.tables()) {
                value.add(definition(t.schema(), req.query().get("$select"), false));
            }
            return ApiResponse.json(200, body);
        }
        EntitySchema s = table(seg);
        if (segments.length == 2 && segments[1].equals("Keys")) {
            ObjectNode body = Json.newObject();
            body.put("@odata.context", req.serviceRoot() + "$metadata#EntityDefinitions('" + s.entityName() + "')/Keys");
            body.set("value", keys(s));
            return ApiResponse.json(200, body);
        }
        if (segments.length > 1) {
            throw ApiException.badRequest("Resource not found for the segment '" + segments[1] + "'.");
        }
        String expand = req.query().get("$expand");
        boolean withKeys = expand != null && expand.trim().startsWith("Keys");
        if (expand != null && !withKeys) {
            throw ApiException.badRequest("Could not find a property named '" + expand.trim() + "' on type"
                    + " 'Microsoft.Dynamics.CRM.EntityMetadata'.");
        }
        ObjectNode o = definition(s, req.query().get("$select"), withKeys);
        o.put("@odata.context", req.serviceRoot() + "$metadata#EntityDefinitions/$entity");
        return ApiResponse.json(200, o);
    }

    private EntitySchema table(KeySegment seg) throws ApiException {
        Object logical = seg.keys().get("LogicalName");
        if (logical == null && seg.unnamed() != null) {
            // by MetadataId, as the documentation's first form
            for (EntityTable t : store.tables()) {
                if (metadataId(t.schema()).equalsIgnoreCase(String.valueOf(seg.unnamed()))) {
                    return t.schema();
                }
            }
        }
        for (EntityTable t : store.tables()) {
            if (t.schema().entityName().equals(logical)) {
                return t.schema();
            }
        }
        throw new ApiException(404, "0x80040217", "Could not find an entity with the specified key values: "
                + (logical != null ? "LogicalName='" + logical + "'" : String.valueOf(seg.unnamed())));
    }

    private static ObjectNode definition(EntitySchema s, String select, boolean withKeys) throws ApiException {
        Set<String> wanted = select == null || select.isBlank() ? Set.copyOf(PROPERTIES)
                : Set.of(select.trim().split("\\s*,\\s*"));
        for (String w : wanted) {
            if (!PROPERTIES.contains(w)) {
                throw ApiException.badRequest("Could not find a property named '" + w + "' on type"
                        + " 'Microsoft.Dynamics.CRM.EntityMetadata'.");
            }
        }
        ObjectNode o = Json.newObject();
        o.put("MetadataId", metadataId(s));
        if (wanted.contains("LogicalName")) {
            o.put("LogicalName", s.entityName());
        }
        if (wanted.contains("EntitySetName")) {
            o.put("EntitySetName", s.setName());
        }
        if (wanted.contains("PrimaryIdAttribute")) {
            o.put("PrimaryIdAttribute", DataverseModel.primaryId(s));
        }
        if (wanted.contains("ChangeTrackingEnabled")) {
            o.put("ChangeTrackingEnabled", s.changeTracking());
        }
        if (wanted.contains("IsCustomEntity")) {
            o.put("IsCustomEntity", false);
        }
        if (withKeys) {
            o.set("Keys", keys(s));
        }
        return o;
    }

    private static ArrayNode keys(EntitySchema s) {
        ArrayNode keys = Json.newObject().putArray("value");
        s.alternateKeys().forEach(k -> key(keys, s, k, "Active"));
        s.pendingKeys().forEach(k -> key(keys, s, k, "Pending"));
        return keys;
    }

    private static void key(ArrayNode keys, EntitySchema s, List<String> columns, String status) {
        ObjectNode k = keys.addObject();
        String name = s.entityName() + "_" + String.join("_", columns.stream().map(c -> c.replaceAll("^_|_value$", "")).toList());
        k.put("MetadataId", UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
        k.put("LogicalName", name);
        k.put("EntityLogicalName", s.entityName());
        ArrayNode attributes = k.putArray("KeyAttributes");
        // key attributes are attribute logical names: a lookup is named by its attribute, not its _x_value column
        columns.forEach(c -> attributes.add(c.startsWith("_") && c.endsWith("_value") ? c.substring(1, c.length() - 6) : c));
        k.put("EntityKeyIndexStatus", status);
    }

    private static String metadataId(EntitySchema s) {
        return UUID.nameUUIDFromBytes(("entity:" + s.entityName()).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
