package org.ferry.sandbox.internal.dataverse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ferry.sandbox.internal.data.EntitySchema;
import org.ferry.sandbox.internal.data.EntityTable;
import org.ferry.sandbox.internal.data.Row;
import org.ferry.sandbox.internal.http.ApiException;
import org.ferry.sandbox.internal.http.ApiRequest;
import org.ferry.sandbox.internal.http.ApiResponse;
import org.ferry.sandbox.internal.http.Json;
import org.ferry.sandbox.internal.odata.Filter;
import org.ferry.sandbox.internal.odata.FilterDialect;
import org.ferry.sandbox.internal.odata.FilterException;
import org.ferry.sandbox.internal.odata.FilterParser;
import org.ferry.sandbox.internal.odata.Links;
import org.ferry.sandbox.internal.odata.OrderBy;
import org.ferry.sandbox.internal.odata.PageQuery;
import org.ferry.sandbox.internal.odata.PageToken;
import org.ferry.sandbox.internal.odata.Prefer;

/**
 * Collection reads (reference §2.2, §2.3): $select/$filter/$orderby/$top/$count, odata.maxpagesize
 * with opaque skiptokens, no $skip; and the initial change-tracking read (§2.7), whose last page
 * carries the {@code @odata.deltaLink}.
 */
final class DataverseReader {
    private static final DateTimeFormatter TOKEN_TIME = DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss");

    private final DataverseRows rows;
    private final int maxPageSize;
    private final DataverseDelta delta;
    private final boolean organizationRead;

    /**
     * @param tokenRetention   how long change-tracking tokens stay valid
     * @param organizationRead whether the application user has organization-level read, which change tracking needs
     */
    DataverseReader(DataverseRows rows, int maxPageSize, java.time.Duration tokenRetention, boolean organizationRead) {
        this.rows = rows;
        this.maxPageSize = maxPageSize;
        this.delta = new DataverseDelta(rows, tokenRetention);
        this.organizationRead = organizationRead;
    }

    DataverseDelta delta() {
        return delta;
    }

    ApiResponse readCollection(ApiRequest req, String set, boolean countOnly) throws ApiException, FilterException {
        EntityTable table = rows.table(set);
        EntitySchema s = table.schema();
        Map<String, String> q = req.query();
        for (String option : q.keySet()) {
            if (option.equals("$skip")) {
                throw ApiException.badRequest("The query parameter $skip is not supported");
            }
        }
        Prefer prefer = Prefer.parse(req.header("Prefer"));
        // A table not enabled for change tracking cannot honour the preference. The documentation does not say what
        // the service answers; OData lets a service ignore a preference it cannot apply, which is the sandbox's choice:
        // no Preference-Applied: odata.track-changes and no delta link (the sandbox README says so).
        boolean tracking = s.changeTracking() && (prefer.has("odata.track-changes") || q.containsKey("$deltatoken"));
        if (!s.changeTracking() && q.containsKey("$deltatoken")) {
            throw ApiException.badRequest(DataverseDelta.EXPIRED);
        }
        if (tracking && !organizationRead) {
            // "The calling user must have organization level read access … If the user has limited read access,
            // the system throws a privilege check error" (use-change-tracking…)
            throw DataverseService.privilegeError(s, "organization-level read (change tracking)");
        }
        if (tracking) {
            for (String refused : List.of("$filter", "$orderby", "$expand", "$top")) {
                if (q.containsKey(refused)) {
                    throw ApiException.badRequest("The \"" + refused
                            + "\" query parameter isn't supported when Change Tracking is enabled.");
                }
            }
        }
        Set<String> select = select(s, q.get("$select"));
        DataverseExpand expand = DataverseExpand.parse(rows, s, q.get("$expand"));
        Filter filter = q.containsKey("$filter") ? FilterParser.parse(q.get("$filter"), FilterDialect.DATAVERSE) : null;
        if (filter != null) {
            Set<String> used = new LinkedHashSet<>();
            filter.collectProperties(used);
            for (String p : used) {
                rows.checkProperty(s, p);
            }
        }
        List<OrderBy> orderBy = OrderBy.parse(q.get("$orderby"));
        for (OrderBy o : orderBy) {
            rows.checkProperty(s, o.property());
        }
        PageQuery query = new PageQuery(table, filter, FilterDialect.DATAVERSE, orderBy,
                (row, path) -> rows.property(s, row, path));
        if (countOnly) {
            long count = q.containsKey("$deltatoken")
                    ? delta.count(table, delta.checkToken(q.get("$deltatoken")))
                    : query.count();
            return ApiResponse.text(200, "text/plain;charset=utf-8", Long.toString(count));
        }
        Integer requested = prefer.maxPageSize();
        int pageSize = requested == null ? maxPageSize : Math.min(requested, maxPageSize);
        Integer top = null;
        if (q.containsKey("$top") && requested == null) {
            top = parseTop(q.get("$top"));
        }
        if (q.containsKey("$deltatoken")) {
            return delta.read(req, table, select, pageSize, requested != null);
        }
        Map<String, String> state = q.containsKey("$skiptoken") ? PageToken.decode(q.get("$skiptoken")) : Map.of();
        long trackedVersion = tracking
                ? Long.parseLong(state.getOrDefault("v", Long.toString(delta.snapshot(table))))
                : 0;
        int remaining = state.containsKey("top") ? Integer.parseInt(state.get("top")) : top == null ? Integer.MAX_VALUE : top;
        int pageNumber = state.containsKey("page") ? Integer.parseInt(state.get("page")) : 1;
        PageQuery.Page page = query.read(state.get("after"), 0, Math.min(pageSize, remaining));

        boolean annotations = prefer.has("odata.include-annotations");
        ObjectNode body = Json.newObject();
        body.put("@odata.context", req.serviceRoot() + "$metadata#" + set + contextSuffix(s, select, expand));
        if ("true".equals(q.get("$count"))) {
            body.put("@odata.count", query.count());
        }
        ArrayNode value = body.putArray("value");
        for (Row r : page.rows()) {
            ObjectNode json = rows.toJson(s, r, select, annotations);
            expand.apply(s, r, json);
            value.add(json);
        }
        org.ferry.sandbox.internal.throttle.ServerTime.rows(page.rows().size());
        remaining = remaining == Integer.MAX_VALUE ? remaining : remaining - page.rows().size();
        if (page.position() != null && remaining > 0) {
            Map<String, String> next = new LinkedHashMap<>();
            next.put("after", page.position());
            next.put("page", Integer.toString(pageNumber + 1));
            if (remaining != Integer.MAX_VALUE) {
                next.put("top", Integer.toString(remaining));
            }
            if (tracking) {
                next.put("v", Long.toString(trackedVersion));
            }
            body.put("@odata.nextLink", Links.withOption(req.serviceRoot(), set, q, "$skiptoken",
                    PageToken.encode(next, pageNumber + 1, tracking)));
        } else if (tracking) {
            body.put("@odata.deltaLink", deltaLink(req, set, trackedVersion));
        }
        ApiResponse resp = ApiResponse.json(200, body);
        List<String> applied = new ArrayList<>();
        if (requested != null) {
            applied.add("odata.maxpagesize=" + pageSize);
        }
        if (tracking) {
            applied.add("odata.track-changes");
        }
        if (annotations) {
            applied.add("odata.include-annotations=\"" + prefer.get("odata.include-annotations") + "\"");
        }
        if (!applied.isEmpty()) {
            resp.header("Preference-Applied", String.join(",", applied));
        }
        return resp;
    }

    ApiResponse readOne(ApiRequest req, DataverseRows.Address address) throws ApiException {
        EntitySchema s = address.table().schema();
        if (address.row() == null) {
            throw notFound(s, address);
        }
        Set<String> select = select(s, req.query().get("$select"));
        DataverseExpand expand = DataverseExpand.parse(rows, s, req.query().get("$expand"));
        String ifNoneMatch = req.header("If-None-Match");
        if (ifNoneMatch != null && ifNoneMatch.equals(DataverseRows.etag(address.row()))) {
            return ApiResponse.empty(304);
        }
        ObjectNode o = Json.newObject();
        o.put("@odata.context", req.serviceRoot() + "$metadata#" + s.setName() + contextSuffix(s, select, expand) + "/$entity");
        o.setAll(rows.toJson(s, address.row(), select, Prefer.parse(req.header("Prefer")).has("odata.include-annotations")));
        expand.apply(s, address.row(), o);
        return ApiResponse.json(200, o);
    }

    static ApiException notFound(EntitySchema s, DataverseRows.Address address) {
        return ApiException.notFound(s.entityName() + " With Id = " + address.description() + " Does Not Exist");
    }

    static Set<String> select(EntitySchema s, String text) throws ApiException {
        Set<String> out = new LinkedHashSet<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String p : text.split(",")) {
            String name = p.trim();
            if (!s.has(name)) {
                throw ApiException.badRequest("Could not find a property named '" + name + "' on type '"
                        + DataverseRows.typeName(s) + "'.");
            }
            out.add(name);
        }
        return out;
    }

    private static String contextSuffix(EntitySchema s, Set<String> select, DataverseExpand expand) {
        if (expand.isEmpty()) {
            return selectSuffix(s, select);
        }
        List<String> parts = new ArrayList<>(select);
        parts.addAll(expand.contextParts());
        return "(" + String.join(",", parts) + ")";
    }

    static String selectSuffix(EntitySchema s, Set<String> select) {
        return select.isEmpty() ? "" : "(" + String.join(",", select) + ")";
    }

    static String deltaLink(ApiRequest req, String set, long version) {
        String token = version + "!" + ZonedDateTime.now(ZoneOffset.UTC).format(TOKEN_TIME);
        Map<String, String> keep = new LinkedHashMap<>();
        if (req.query().containsKey("$select")) {
            keep.put("$select", req.query().get("$select"));
        }
        return Links.withOption(req.serviceRoot(), set, keep, "$deltatoken", token);
    }

    private static int parseTop(String text) throws ApiException {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("Invalid value '" + text + "' for $top query option found.");
    }
}
