package org.ferry.sandbox.internal.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.ferry.sandbox.internal.data.EntitySchema;
import org.ferry.sandbox.internal.data.EntityTable;
import org.ferry.sandbox.internal.data.UndoLog;
import org.ferry.sandbox.internal.http.ApiException;
import org.ferry.sandbox.internal.http.ApiRequest;
import org.ferry.sandbox.internal.http.ApiResponse;
import org.ferry.sandbox.internal.http.Json;
import org.ferry.sandbox.internal.odata.Filter;
import org.ferry.sandbox.internal.odata.FilterDialect;
import org.ferry.sandbox.internal.odata.FilterException;
import org.ferry.sandbox.internal.odata.FilterParser;
import org.ferry.sandbox.internal.odata.KeySegment;
import org.ferry.sandbox.internal.throttle.ServerTime;

/**
 * The bulk operation messages {@code CreateMultiple}, {@code UpdateMultiple} and {@code UpsertMultiple} (Web API
 * actions bound to an entity set, {@code POST accounts/Microsoft.Dynamics.CRM.UpsertMultiple} with
 * {@code {"Targets":[…]}}), and the {@code sdkmessagefilters} a client asks which tables support them.
 *
 * <p>As documented: every item of {@code Targets} must carry {@code @odata.type}; {@code CreateMultiple} answers 200
 * with the created {@code Ids}, the others 204 without a body; these are standard tables, where "any error rolls
 * back the whole request". UpsertMultiple finds each record by {@code @odata.id} (an alternate-key or primary-key
 * URL), its primary key in the body, or an alternate key's columns in the body; UpdateMultiple by the same, and a
 * record it does not find fails the request. The documentation does not show the error of a rolled-back request;
 * the sandbox's plain choice is the failing record's own error (status, code, message), with the message naming
 * its position and key, {@code "… (Targets[17], accountnumber='X'); the request was rolled back"}.
 */
final class DataverseBulk {
    static final List<String> MESSAGES = List.of("CreateMultiple", "UpdateMultiple", "UpsertMultiple");
    private static final String PREFIX = "Microsoft.Dynamics.CRM.";

    private final DataverseRows rows;
    private final DataverseWriter writer;
    private final Set<String> unsupported;

    DataverseBulk(DataverseRows rows, DataverseWriter writer, Set<String> unsupported) {
        this.rows = rows;
        this.writer = writer;
        this.unsupported = unsupported;
    }

    /** @return the bulk message a segment names ({@code Microsoft.Dynamics.CRM.UpsertMultiple}), or {@code null} */
    static String message(String segment) {
        if (segment.startsWith(PREFIX) && MESSAGES.contains(segment.substring(PREFIX.length()))) {
            return segment.substring(PREFIX.length());
        }
        return null;
    }

    ApiResponse execute(ApiRequest req, String set, String message) throws ApiException {
        EntityTable table = rows.table(set);
        EntitySchema s = table.schema();
        if (!req.method().equals("POST")) {
            throw new ApiException(405, "0x80060888", "The HTTP method '" + req.method() + "' is not allowed for "
                    + PREFIX + message + ".");
        }
        if (unsupported.contains(s.entityName())) {
            // the action is not bound to this table's type
            throw new ApiException(404, "0x80060888", "Resource not found for the segment '" + PREFIX + message + "'.");
        }
        JsonNode targets = Json.object(req.body()).get("Targets");
        if (targets == null || !targets.isArray() || targets.isEmpty()) {
            throw ApiException.badRequest("The parameter 'Targets' of " + PREFIX + message + " must be a non-empty array.");
        }
        List<String> ids = new ArrayList<>();
        List<String> written = new ArrayList<>();
        UndoLog undo = UndoLog.open();
        ServerTime.bulk(true);
        boolean failed = true;
        int index = 0;
        String described = null;
        try {
            for (JsonNode t : targets) {
                described = null;
                if (!(t instanceof ObjectNode target)) {
                    throw ApiException.badRequest("Each item of Targets must be an entity object.");
                }
                String type = target.path("@odata.type").asText(null);
                if (type == null) {
                    throw ApiException.badRequest("The @odata.type annotation must be specified for every item of"
                            + " Targets.");
                }
                String expected = DataverseModel.NAMESPACE + "." + s.entityName();
                if (!type.replaceFirst("^#", "").equals(expected)) {
                    throw ApiException.badRequest("The @odata.type '" + type + "' does not match the entity set '" + set
                            + "' (" + expected + ").");
                }
                ObjectNode record = target.deepCopy();
                record.remove("@odata.type");
                JsonNode odataId = record.remove("@odata.id");
                DataverseRows.Address address = message.equals("CreateMultiple") ? null
                        : address(s, set, odataId == null ? null : odataId.asText(), record);
                described = address == null ? null : address.description();
                ApiResponse r = switch (message) {
                    case "CreateMultiple" -> writer.create(part(req, "POST", set, record, Map.of()), set);
                    case "UpdateMultiple" -> writer.upsert(part(req, "PATCH", set, record, Map.of("if-match", "*")), address);
                    default -> writer.upsert(part(req, "PATCH", set, record, Map.of()), address);
                };
                String location = r.headers().get("OData-EntityId");
                String id = location == null ? null : location.substring(location.lastIndexOf('(') + 1, location.length() - 1);
                if (message.equals("CreateMultiple")) {
                    ids.add(id);
                }
                written.add(id);
                index++;
            }
            failed = false;
        } catch (ApiException e) {
            throw new ApiException(e.status(), e.code(), e.getMessage() + " (Targets[" + index + "]"
                    + (described == null ? "" : ", " + described) + "); the request was rolled back and none of its "
                    + targets.size() + " records was written.");
        } finally {
            ServerTime.bulk(false);
            if (failed) {
                undo.rollback();
            } else {
                undo.commit();
                // the request log shows each record a bulk message wrote, as it shows a batch's parts
                written.forEach(id -> org.ferry.sandbox.internal.odata.BatchExecutor.logPart(
                        message.equals("CreateMultiple") ? "POST" : "PATCH", set + "(" + id + ")", 204));
            }
        }
        if (message.equals("CreateMultiple")) {
            ObjectNode o = Json.newObject();
            o.put("@odata.context", req.serviceRoot() + "$metadata#" + DataverseModel.NAMESPACE + ".CreateMultipleResponse");
            ArrayNode a = o.putArray("Ids");
            ids.forEach(a::add);
            return ApiResponse.json(200, o);
        }
        return ApiResponse.empty(204);
    }

    /** The record an item names: by {@code @odata.id}, by its primary key, or by an alternate key's columns. */
    private DataverseRows.Address address(EntitySchema s, String set, String odataId, ObjectNode record)
            throws ApiException {
        KeySegment seg;
        try {
            if (odataId != null) {
                String r = odataId;
                int v = r.indexOf("/v9.");
                if (v >= 0) {
                    r = r.substring(r.indexOf('/', v + 1) + 1);
                }
                seg = KeySegment.parse(r.replaceFirst("^/+", ""));
                if (!seg.set().equals(set) || !seg.hasKey()) {
                    throw ApiException.badRequest("The @odata.id '" + odataId + "' does not address a record of '" + set + "'.");
                }
                return rows.resolve(seg);
            }
        } catch (FilterException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        String pk = DataverseModel.primaryId(s);
        if (record.hasNonNull(pk)) {
            return rows.resolve(new KeySegment(set, Map.of(pk, record.get(pk).asText()), null, true));
        }
        for (List<String> key : s.alternateKeys()) {
            if (key.stream().allMatch(record::hasNonNull)) {
                Map<String, Object> values = new LinkedHashMap<>();
                for (String k : key) {
                    JsonNode v = record.get(k);
                    values.put(k, v.isNumber() ? (Object) v.numberValue() : v.asText());
                }
                return rows.resolve(new KeySegment(set, values, null, true));
            }
        }
        throw ApiException.badRequest("The item names no record: give @odata.id, the primary key '" + pk
                + "' or the columns of an alternate key.");
    }

    private static ApiRequest part(ApiRequest req, String method, String set, ObjectNode body, Map<String, String> headers) {
        Map<String, String> h = ApiRequest.headerMap();
        h.putAll(headers);
        return new ApiRequest(method, set, Map.of(), h, Json.bytes(body), req.serviceRoot());
    }

    /**
     * {@code GET sdkmessagefilters}: which table supports which bulk message, as Microsoft's check reads it
     * ({@code $filter=sdkmessageid/name eq 'CreateMultiple' and primaryobjecttypecode eq 'account'}). Only the bulk
     * messages are listed; {@code $filter} and {@code $select} apply.
     */
    ApiResponse messageFilters(ApiRequest req) throws ApiException {
        if (!req.method().equals("GET")) {
            throw new ApiException(405, "0x80060888", "The HTTP method '" + req.method() + "' is not allowed.");
        }
        Filter filter;
        try {
            String text = req.query().get("$filter");
            filter = text == null ? null : FilterParser.parse(text, FilterDialect.DATAVERSE);
        } catch (FilterException e) {
            throw new ApiException(400, "0x80060888", e.getMessage());
        }
        String select = req.query().get("$select");
        Set<String> columns = select == null ? Set.of() : Set.of(select.split("\\s*,\\s*"));
        ObjectNode body = Json.newObject();
        body.put("@odata.context", req.serviceRoot() + "$metadata#sdkmessagefilters");
        ArrayNode value = body.putArray("value");
        for (String message : MESSAGES) {
            for (EntityTable t : rows.store().tables()) {
                String table = t.schema().entityName();
                if (unsupported.contains(table)) {
                    continue;
                }
                Map<String, Object> row = new TreeMap<>();
                row.put("sdkmessagefilterid", UUID.nameUUIDFromBytes((message + "/" + table)
                        .getBytes(StandardCharsets.UTF_8)).toString());
                row.put("primaryobjecttypecode", table);
                row.put("sdkmessageid/name", message);
                row.put("iscustomprocessingstepallowed", Boolean.TRUE);
                if (filter != null && !filter.test(row::get, FilterDialect.DATAVERSE)) {
                    continue;
                }
                ObjectNode o = value.addObject();
                o.put("sdkmessagefilterid", (String) row.get("sdkmessagefilterid"));
                if (columns.isEmpty() || columns.contains("primaryobjecttypecode")) {
                    o.put("primaryobjecttypecode", table);
                }
                if (columns.isEmpty() || columns.contains("iscustomprocessingstepallowed")) {
                    o.put("iscustomprocessingstepallowed", true);
                }
            }
        }
        ServerTime.rows(value.size());
        return ApiResponse.json(200, body);
    }
}
