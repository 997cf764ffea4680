package org.ferry.sandbox.internal.operations;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ferry.sandbox.internal.data.EntitySchema;
import org.ferry.sandbox.internal.data.EntityTable;
import org.ferry.sandbox.internal.data.Row;
import org.ferry.sandbox.internal.data.Store;
import org.ferry.sandbox.internal.http.ApiException;
import org.ferry.sandbox.internal.http.ApiRequest;
import org.ferry.sandbox.internal.http.ApiResponse;
import org.ferry.sandbox.internal.http.Json;
import org.ferry.sandbox.internal.odata.BatchExecutor;
import org.ferry.sandbox.internal.odata.CsdlWriter;
import org.ferry.sandbox.internal.odata.Filter;
import org.ferry.sandbox.internal.odata.FilterDialect;
import org.ferry.sandbox.internal.odata.FilterException;
import org.ferry.sandbox.internal.odata.FilterParser;
import org.ferry.sandbox.internal.odata.KeySegment;
import org.ferry.sandbox.internal.odata.Links;
import org.ferry.sandbox.internal.odata.OrderBy;
import org.ferry.sandbox.internal.odata.PageQuery;
import org.ferry.sandbox.internal.odata.PageToken;

/**
 * The F&O OData emulator below {@code /data/} (reference §3): company-scoped reads (the default
 * company unless {@code cross-company=true}), server-driven paging, composite keys, writes and
 * $batch, with the innererror error body.
 */
public final class OperationsService implements BatchExecutor.Service {
    private static final String CROSS_COMPANY = "cross-company";

    private final Store store;
    private final OperationsRows rows;
    private final OperationsWriter writer;
    private final int pageSize;
    private final OperationsPackages packages;
    private volatile String metadata;

    public OperationsService(Store store, int pageSize) {
        this(store, pageSize, org.ferry.sandbox.ServerCosts.DEFAULT);
    }

    public OperationsService(Store store, int pageSize, org.ferry.sandbox.ServerCosts costs) {
        this.store = store;
        this.rows = new OperationsRows(store);
        this.writer = new OperationsWriter(rows);
        this.pageSize = pageSize;
        this.packages = new OperationsPackages(rows, writer, costs);
    }

    /** The data management package API and the blob storage its URLs point at. */
    public OperationsPackages packages() {
        return packages;
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
            return error(400, "inner:" + OperationsErrors.ODATA_EXCEPTION, e.getMessage());
        }
    }

    private ApiResponse route(ApiRequest req) throws ApiException, FilterException {
        String path = req.path();
        if (path.isEmpty()) {
            ObjectNode o = Json.newObject();
            o.put("@odata.context", req.serviceRoot() + "$metadata");
            ArrayNode value = o.putArray("value");
            store.tables().forEach(t -> value.addObject().put("name", t.schema().setName()).put("kind", "EntitySet")
                    .put("url", t.schema().setName()));
            return ApiResponse.json(200, o);
        }
        if (path.equals("$metadata")) {
            return ApiResponse.text(200, "application/xml", metadata()).header("OData-Version", "4.0");
        }
        if (path.equals("$batch")) {
            if (!req.method().equals("POST")) {
                throw OperationsErrors.odata(405, "The HTTP method '" + req.method() + "' is not allowed for $batch.");
            }
            // F&O answers 200 and reports every part: clients must check each one (reference §3.5)
            return new BatchExecutor(this).execute(req, false);
        }
        if (OperationsPackages.handles(path)) {
            return packages.action(req);
        }
        int slash = path.indexOf('/', path.lastIndexOf(')') + 1);
        String first = slash < 0 ? path : path.substring(0, slash);
        String rest = slash < 0 ? null : path.substring(slash + 1);
        KeySegment seg = KeySegment.parse(first);
        EntityTable table = rows.table(seg.set());
        if (!seg.hasKey()) {
            if ("$count".equals(rest) && req.method().equals("GET")) {
                return ApiResponse.text(200, "text/plain", Long.toString(query(req, table).count()));
            }
            if (rest != null) {
                throw new ApiException(404, "", "No HTTP resource was found that matches the request URI '" + path + "'.");
            }
            return switch (req.method()) {
                case "GET" -> readCollection(req, table);
                case "POST" -> writer.create(req, table);
                default -> throw OperationsErrors.odata(405, "The HTTP method '" + req.method() + "' is not allowed.");
            };
        }
        Map<String, Object> keys = rows.keyValues(table.schema(), seg);
        String id = OperationsRows.id(table.schema(), keys);
        if (rest != null) {
            throw new ApiException(404, "", "No HTTP resource was found that matches the request URI '" + path + "'.");
        }
        return switch (req.method()) {
            case "GET" -> readOne(req, table, id);
            case "PATCH", "PUT" -> writer.update(req, table, id, keys);
            case "DELETE" -> writer.delete(table, id);
            default -> throw OperationsErrors.odata(405, "The HTTP method '" + req.method() + "' is not allowed.");
        };
    }

    private PageQuery query(ApiRequest req, EntityTable table) throws FilterException, ApiException {
        EntitySchema s = table.schema();
        Map<String, String> q = req.query();
        Filter filter = q.containsKey("$filter") ? FilterParser.parse(q.get("$filter"), FilterDialect.OPERATIONS) : null;
        if (filter != null) {
            Set<String> used = new LinkedHashSet<>();
            filter.collectProperties(used);
            for (String p : used) {
                checkProperty(s, p);
            }
            OperationsFilters.check(s, filter);
        }
        boolean crossCompany = "true".equalsIgnoreCase(q.get(CROSS_COMPANY));
        if (OperationsModel.companyScoped(s) && !crossCompany) {
            // "By default, OData returns only data that belongs to the user's default company."
            Filter company = new Filter.Binary("eq", new Filter.Property(OperationsModel.DATA_AREA),
                    new Filter.Literal(OperationsModel.DEFAULT_COMPANY));
            filter = filter == null ? company : new Filter.Binary("and", company, filter);
        }
        List<OrderBy> orderBy = OrderBy.parse(q.get("$orderby"));
        for (OrderBy o : orderBy) {
            checkProperty(s, o.property());
        }
        return new PageQuery(table, filter, FilterDialect.OPERATIONS, orderBy,
                (row, p) -> s.has(p) ? row.get(s, p) : null);
    }

    private ApiResponse readCollection(ApiRequest req, EntityTable table) throws FilterException, ApiException {
        EntitySchema s = table.schema();
        Map<String, String> q = req.query();
        if (q.containsKey("$expand")) {
            throw new ApiException(501, "", "The sandbox does not implement $expand.");
        }
        Set<String> select = select(s, q.get("$select"));
        PageQuery query = query(req, table);
        Map<String, String> state = q.containsKey("$skiptoken") ? PageToken.decode(q.get("$skiptoken")) : Map.of();
        int skip = state.isEmpty() ? nonNegative(q.get("$skip"), "$skip", 0) : 0;
        int remaining = state.containsKey("top") ? Integer.parseInt(state.get("top"))
                : nonNegative(q.get("$top"), "$top", Integer.MAX_VALUE);
        int pageNumber = state.containsKey("page") ? Integer.parseInt(state.get("page")) : 1;
        PageQuery.Page page = query.read(state.get("after"), skip, Math.min(pageSize, remaining));
        ObjectNode body = Json.newObject();
        body.put("@odata.context", req.serviceRoot() + "$metadata#" + s.setName()
                + (select.isEmpty() ? "" : "(" + String.join(",", select) + ")"));
        if ("true".equalsIgnoreCase(q.get("$count"))) {
            body.put("@odata.count", query.count());
        }
        ArrayNode value = body.putArray("value");
        for (Row r : page.rows()) {
            value.add(rows.toJson(s, r, select));
        }
        if (remaining != Integer.MAX_VALUE) {
            remaining -= page.rows().size();
        }
        if (page.position() != null && remaining > 0) {
            Map<String, String> next = new LinkedHashMap<>();
            next.put("after", page.position());
            next.put("page", Integer.toString(pageNumber + 1));
            if (remaining != Integer.MAX_VALUE) {
                next.put("top", Integer.toString(remaining));
            }
            // The documentation does not say whether the next link keeps cross-company=true; the sandbox takes
            // the strict reading and drops it, so a client that does not add it back reads only the default
            // company after the first page (README, "Behaviour worth knowing").
            body.put("@odata.nextLink", Links.withOption(req.serviceRoot(), s.setName(), q, "$skiptoken",
                    PageToken.encode(next, pageNumber + 1, false), "$skip", "$top", CROSS_COMPANY));
        }
        return ApiResponse.json(200, body);
    }

    private ApiResponse readOne(ApiRequest req, EntityTable table, String id) throws ApiException {
        EntitySchema s = table.schema();
        Row row = table.get(id);
        if (row == null) {
            throw new ApiException(404, "", "Resource not found for the segment '" + s.setName() + "'.");
        }
        Set<String> select = select(s, req.query().get("$select"));
        ObjectNode o = Json.newObject();
        o.put("@odata.context", req.serviceRoot() + "$metadata#" + s.setName() + "/$entity");
        o.setAll(rows.toJson(s, row, select));
        return ApiResponse.json(200, o);
    }

    private static Set<String> select(EntitySchema s, String text) throws ApiException {
        Set<String> out = new LinkedHashSet<>();
        if (text != null && !text.isBlank()) {
            for (String p : text.split(",")) {
                checkProperty(s, p.trim());
                out.add(p.trim());
            }
        }
        return out;
    }

    private static void checkProperty(EntitySchema s, String name) throws ApiException {
        if (!s.has(name)) {
            throw OperationsErrors.odata(400, "Could not find a property named '" + name + "' on type '"
                    + OperationsModel.NAMESPACE + "." + s.entityName() + "'.");
        }
    }

    private static int nonNegative(String text, String option, int absent) throws ApiException {
        if (text == null) {
            return absent;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw OperationsErrors.odata(400, "Invalid value '" + text + "' for " + option + " query option found.");
    }

    private String metadata() {
        String m = metadata;
        if (m == null) {
            m = CsdlWriter.write(OperationsModel.NAMESPACE, "DataEntities", "Resources",
                    store.tables().stream().map(EntityTable::schema).toList(), OperationsModel.ENUMS);
            metadata = m;
        }
        return m;
    }

    @Override
    public String relativePath(String url) {
        int i = url.indexOf("/data/");
        if (i >= 0) {
            return url.substring(i + "/data/".length());
        }
        return url.startsWith("/") ? url.substring(1) : url;
    }

    @Override
    public ApiResponse error(int status, String code, String message) {
        return OperationsErrors.body(status, code, message);
    }
}
