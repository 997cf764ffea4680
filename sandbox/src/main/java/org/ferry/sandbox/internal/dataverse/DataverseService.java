package org.ferry.sandbox.internal.dataverse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ferry.sandbox.internal.data.EntityTable;
import org.ferry.sandbox.internal.data.Store;
import org.ferry.sandbox.internal.http.ApiException;
import org.ferry.sandbox.internal.http.ApiRequest;
import org.ferry.sandbox.internal.http.ApiResponse;
import org.ferry.sandbox.internal.http.Json;
import org.ferry.sandbox.internal.odata.BatchExecutor;
import org.ferry.sandbox.internal.odata.CsdlWriter;
import org.ferry.sandbox.internal.odata.FilterException;
import org.ferry.sandbox.internal.odata.KeySegment;
import org.ferry.sandbox.internal.odata.Prefer;

/**
 * The Dataverse Web API v9.2 emulator: routes a request below {@code /api/data/v9.2/} to reads,
 * writes, $batch and $metadata, and shapes every failure as {@code {"error":{"code","message"}}}.
 */
public final class DataverseService implements BatchExecutor.Service {
    private final Store store;
    private final DataverseRows rows;
    private final DataverseReader reader;
    private final DataverseWriter writer;
    private final DataverseMetadata definitions;
    private final DataverseBulk bulk;
    private final String rootBusinessUnit;
    private final String organizationId;
    private final java.util.Set<String> unreadable;
    private volatile String metadata;
    private volatile String annotatedMetadata;

    public DataverseService(Store store, org.ferry.sandbox.SandboxOptions options, String rootBusinessUnit,
                            String organizationId) {
        this.store = store;
        this.rows = new DataverseRows(store);
        this.reader = new DataverseReader(rows, options.maxPageSize(), java.time.Duration.ofDays(options.deltaTokenDays()),
                options.organizationRead());
        this.writer = new DataverseWriter(rows, rootBusinessUnit);
        this.definitions = new DataverseMetadata(store);
        this.bulk = new DataverseBulk(rows, writer, options.bulkUnsupported());
        this.rootBusinessUnit = rootBusinessUnit;
        this.organizationId = organizationId;
        this.unreadable = options.unreadableTables();
    }

    /** Expires every change-tracking token issued so far, as the organization's retention would. */
    public void expireDeltaTokens() {
        reader.delta().expireAll();
    }

    /**
     * The error of a request the application user's security roles do not allow. The code is Dataverse's
     * {@code PrivilegeDenied} (0x80040220); the message has the shape the service gives.
     */
    static ApiException privilegeError(org.ferry.sandbox.internal.data.EntitySchema s, String what) {
        return new ApiException(403, "0x80040220", "Principal user (Id=00000000-0000-0000-0000-00000000f0e1, type=8,"
                + " roleCount=1, privilegeCount=1), is missing prvRead" + s.entityName() + " privilege"
                + " (" + what + ") for entity '" + s.entityName() + "'.");
    }

    public Store store() {
        return store;
    }

    @Override
    public ApiResponse dispatch(ApiRequest req) {
        try {
            return route(req);
        } catch (ApiException e) {
            return error(e.status(), e.code(), e.getMessage());
        } catch (FilterException e) {
            return error(400, "0x80060888", e.getMessage());
        }
    }

    private ApiResponse route(ApiRequest req) throws ApiException, FilterException {
        String path = req.path();
        String method = req.method();
        if (path.isEmpty()) {
            return serviceDocument(req);
        }
        if (path.equals("$metadata")) {
            boolean annotated = "true".equalsIgnoreCase(req.query().get("annotations"));
            return ApiResponse.text(200, "application/xml", metadata(annotated)).header("OData-Version", "4.0");
        }
        if (path.equals("$batch")) {
            requireMethod(method, "POST");
            boolean continueOnError = Prefer.parse(req.header("Prefer")).has("odata.continue-on-error");
            ApiResponse r = new BatchExecutor(this).execute(req, !continueOnError);
            return continueOnError ? r.header("Preference-Applied", "odata.continue-on-error") : r;
        }
        if (path.equals("WhoAmI") || path.equals("WhoAmI()")) {
            ObjectNode o = Json.newObject();
            o.put("@odata.context", req.serviceRoot() + "$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse");
            o.put("BusinessUnitId", rootBusinessUnit);
            o.put("UserId", "00000000-0000-0000-0000-00000000f0e1");
            o.put("OrganizationId", organizationId);
            return ApiResponse.json(200, o);
        }
        String[] segments = splitSegments(path);
        KeySegment seg = KeySegment.parse(segments[0]);
        if (seg.set().equals("EntityDefinitions")) {
            return definitions.read(req, seg, segments);
        }
        if (seg.set().equals("sdkmessagefilters") && !seg.hasKey() && segments.length == 1) {
            return bulk.messageFilters(req);
        }
        if (!seg.hasKey() && segments.length == 2 && DataverseBulk.message(segments[1]) != null) {
            return bulk.execute(req, seg.set(), DataverseBulk.message(segments[1]));
        }
        if (method.equals("GET") && store.table(seg.set()) != null
                && unreadable.contains(store.table(seg.set()).schema().entityName())) {
            throw privilegeError(store.table(seg.set()).schema(), "read");
        }
        if (!seg.hasKey()) {
            rows.table(seg.set());
            if (segments.length == 2 && segments[1].equals("$count")) {
                requireMethod(method, "GET");
                return reader.readCollection(req, seg.set(), true);
            }
            if (segments.length > 1) {
                throw ApiException.badRequest("Resource not found for the segment '" + segments[1] + "'.");
            }
            return switch (method) {
                case "GET" -> reader.readCollection(req, seg.set(), false);
                case "POST" -> writer.create(req, seg.set());
                default -> throw methodNotAllowed(method);
            };
        }
        DataverseRows.Address address = rows.resolve(seg);
        if (segments.length == 2) {
            String property = segments[1];
            if (!address.table().schema().has(property)) {
                throw ApiException.badRequest("Could not find a property named '" + property + "' on type '"
                        + DataverseRows.typeName(address.table().schema()) + "'.");
            }
            return switch (method) {
                case "GET" -> propertyValue(req, address, property);
                case "PUT" -> writer.writeProperty(req, address, property, false);
                case "DELETE" -> writer.writeProperty(req, address, property, true);
                default -> throw methodNotAllowed(method);
            };
        }
        return switch (method) {
            case "GET" -> reader.readOne(req, address);
            case "PATCH" -> writer.upsert(req, address);
            case "DELETE" -> writer.delete(address);
            default -> throw methodNotAllowed(method);
        };
    }

    private ApiResponse propertyValue(ApiRequest req, DataverseRows.Address address, String property) throws ApiException {
        if (address.row() == null) {
            throw DataverseReader.notFound(address.table().schema(), address);
        }
        var s = address.table().schema();
        ObjectNode o = Json.newObject();
        o.put("@odata.context", req.serviceRoot() + "$metadata#" + s.setName() + "(" + address.row().id() + ")/" + property);
        o.set("value", org.ferry.sandbox.internal.data.Values.toJson(s.field(property), address.row().get(s, property)));
        return ApiResponse.json(200, o);
    }

    private ApiResponse serviceDocument(ApiRequest req) {
        ObjectNode o = Json.newObject();
        o.put("@odata.context", req.serviceRoot() + "$metadata");
        ArrayNode value = o.putArray("value");
        for (EntityTable t : store.tables()) {
            value.addObject().put("name", t.schema().setName()).put("kind", "EntitySet").put("url", t.schema().setName());
        }
        return ApiResponse.json(200, o);
    }

    private String metadata(boolean annotated) {
        String m = annotated ? annotatedMetadata : metadata;
        if (m == null) {
            m = CsdlWriter.write(DataverseModel.NAMESPACE, "mscrm", "System",
                    store.tables().stream().map(EntityTable::schema).toList(), new LinkedHashMap<>(), annotated);
            if (annotated) {
                annotatedMetadata = m;
            } else {
                metadata = m;
            }
        }
        return m;
    }

    /** Splits on '/' outside quoted key values and parentheses. */
    static String[] splitSegments(String path) {
        java.util.List<String> out = new java.util.ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && c == '/') {
                out.add(path.substring(start, i));
                start = i + 1;
            }
        }
        out.add(path.substring(start));
        return out.toArray(String[]::new);
    }

    private static void requireMethod(String method, String expected) throws ApiException {
        if (!method.equals(expected)) {
            throw methodNotAllowed(method);
        }
    }

    private static ApiException methodNotAllowed(String method) {
        return new ApiException(405, "0x80060888", "The HTTP method '" + method + "' is not allowed for this resource.");
    }

    @Override
    public String relativePath(String url) {
        int i = url.indexOf("/api/data/v9.");
        if (i >= 0) {
            int slash = url.indexOf('/', i + "/api/data/v9.".length());
            return slash < 0 ? "" : url.substring(slash + 1);
        }
        return url.startsWith("/") ? url.substring(1) : url;
    }

    @Override
    public ApiResponse error(int status, String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        return ApiResponse.json(status, Map.of("error", error));
    }
}
