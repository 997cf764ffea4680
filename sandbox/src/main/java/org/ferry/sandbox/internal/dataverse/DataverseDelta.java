package org.ferry.sandbox.internal.dataverse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import org.ferry.sandbox.internal.data.EntitySchema;
import org.ferry.sandbox.internal.data.EntityTable;
import org.ferry.sandbox.internal.data.Row;
import org.ferry.sandbox.internal.http.ApiException;
import org.ferry.sandbox.internal.http.ApiRequest;
import org.ferry.sandbox.internal.http.ApiResponse;
import org.ferry.sandbox.internal.http.Json;
import org.ferry.sandbox.internal.odata.FilterException;
import org.ferry.sandbox.internal.odata.Links;
import org.ferry.sandbox.internal.odata.PageToken;

/**
 * Delta reads (reference §2.7): GET of a deltaLink returns rows created or changed since the token,
 * then {@code $deletedEntity} entries for deleted rows, and a new deltaLink. Pages are positioned
 * by change version, so rows that change again while a client pages move out of this delta into
 * the next one and none is skipped.
 */
final class DataverseDelta {
    private final DataverseRows rows;

    DataverseDelta(DataverseRows rows) {
        this.rows = rows;
    }

    /** The change version up to which the table is complete (no write of a lower version in flight). */
    long snapshot(EntityTable table) {
        return table.consistently(() -> rows.store().currentVersion());
    }

    /** {@code accounts/$count?$deltatoken=…}: how many rows changed or were deleted since the token. */
    long count(EntityTable table, long from) {
        long to = snapshot(table);
        return table.changes(from, to).entrySet().stream().filter(c -> {
            Row r = table.getIncludingDeleted(c.getValue());
            return r != null && r.version() == c.getKey();
        }).count();
    }

    ApiResponse read(ApiRequest req, EntityTable table, Set<String> select, int pageSize, boolean pageSizeRequested)
            throws ApiException, FilterException {
        EntitySchema s = table.schema();
        long from = parseToken(req.query().get("$deltatoken"));
        Map<String, String> state = req.query().containsKey("$skiptoken")
                ? PageToken.decode(req.query().get("$skiptoken")) : Map.of();
        long to = state.containsKey("v") ? Long.parseLong(state.get("v")) : snapshot(table);
        if (from > to) {
            throw ApiException.badRequest("The delta token '" + req.query().get("$deltatoken") + "' is not valid.");
        }
        boolean deletes = "d".equals(state.get("phase"));
        long after = state.containsKey("after") ? Long.parseLong(state.get("after")) : from;
        int pageNumber = state.containsKey("page") ? Integer.parseInt(state.get("page")) : 1;

        ObjectNode body = Json.newObject();
        String deltaContext = req.serviceRoot() + "$metadata#" + s.setName() + DataverseReader.selectSuffix(s, select) + "/$delta";
        body.put("@odata.context", deltaContext);
        ArrayNode value = body.putArray("value");
        int n = 0;
        long last = after;
        boolean more = false;
        while (true) {
            NavigableMap<Long, String> changes = table.changes(last, to);
            for (Map.Entry<Long, String> change : changes.entrySet()) {
                Row r = table.getIncludingDeleted(change.getValue());
                if (r == null || r.version() != change.getKey() || r.deleted() != deletes) {
                    continue;
                }
                if (n == pageSize) {
                    more = true;
                    break;
                }
                value.add(deletes ? deleted(req, s, r) : rows.toJson(s, r, select, false));
                last = change.getKey();
                n++;
            }
            if (more || deletes) {
                break;
            }
            // live rows done: the deleted rows of the same window follow, as the SDK orders them
            deletes = true;
            last = from;
        }
        if (more) {
            Map<String, String> next = new LinkedHashMap<>();
            next.put("v", Long.toString(to));
            next.put("phase", deletes ? "d" : "u");
            next.put("after", Long.toString(last));
            next.put("page", Integer.toString(pageNumber + 1));
            body.put("@odata.nextLink", Links.withOption(req.serviceRoot(), s.setName(), req.query(), "$skiptoken",
                    PageToken.encode(next, pageNumber + 1, true)));
        } else {
            body.put("@odata.deltaLink", DataverseReader.deltaLink(req, s.setName(), to));
        }
        ApiResponse resp = ApiResponse.json(200, body);
        resp.header("Preference-Applied", pageSizeRequested ? "odata.maxpagesize=" + pageSize + ",odata.track-changes"
                : "odata.track-changes");
        return resp;
    }

    private static ObjectNode deleted(ApiRequest req, EntitySchema s, Row r) {
        ObjectNode o = Json.newObject();
        o.put("@odata.context", req.serviceRoot() + "$metadata#" + s.setName() + "/$deletedEntity");
        o.put("id", r.id());
        o.put("reason", "deleted");
        return o;
    }

    /** Tokens look like the documented {@code 919042!08/22/2017 08:10:44}; the number is our version. */
    static long parseToken(String token) throws ApiException {
        int bang = token.indexOf('!');
        try {
            long v = Long.parseLong(bang < 0 ? token : token.substring(0, bang));
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("The delta token '" + token + "' is not valid.");
    }
}
