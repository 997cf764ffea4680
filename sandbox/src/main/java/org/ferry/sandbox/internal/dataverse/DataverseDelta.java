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
    /**
     * What the service answers for a token it will not serve: one older than the organization's retention, or one
     * it never issued. The message is the one observed from the service (DV-CT-3845); the documentation gives no
     * status or code, so the sandbox answers 400 with an empty code, as most Web API errors carry.
     */
    static final String EXPIRED = "Version stamp associated with the client has expired. Please perform a full sync.";
    private static final java.time.format.DateTimeFormatter TOKEN_TIME =
            java.time.format.DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss");

    private final DataverseRows rows;
    private final java.time.Duration retention;
    /** Tokens issued at or before this instant are expired ({@link #expireAll()}); null when none was. */
    private volatile java.time.Instant expiredUpTo;

    DataverseDelta(DataverseRows rows, java.time.Duration retention) {
        this.rows = rows;
        this.retention = retention;
    }

    /** Expires every token issued so far, as if the retention had passed. */
    void expireAll() {
        expiredUpTo = java.time.Instant.now();
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
        long from = checkToken(req.query().get("$deltatoken"));
        Map<String, String> state = req.query().containsKey("$skiptoken")
                ? PageToken.decode(req.query().get("$skiptoken")) : Map.of();
        long to = state.containsKey("v") ? Long.parseLong(state.get("v")) : snapshot(table);
        if (from > to) {
            // a version this store never reached: a token of another org, or of data since lost
            throw ApiException.badRequest(EXPIRED);
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

    /**
     * @return the version a token stands for, if the service still serves it
     * @throws ApiException with {@link #EXPIRED} when it is older than the retention, was expired on purpose,
     *         or cannot be read
     */
    long checkToken(String token) throws ApiException {
        long version = parseToken(token);
        int bang = token.indexOf('!');
        java.time.Instant issued;
        try {
            issued = java.time.LocalDateTime.parse(token.substring(bang + 1).trim(), TOKEN_TIME)
                    .toInstant(java.time.ZoneOffset.UTC);
        } catch (RuntimeException e) {
            throw ApiException.badRequest(EXPIRED);
        }
        java.time.Instant cutoff = expiredUpTo;
        if (issued.plus(retention).isBefore(java.time.Instant.now()) || cutoff != null && !issued.isAfter(cutoff)) {
            throw ApiException.badRequest(EXPIRED);
        }
        return version;
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
        throw ApiException.badRequest(EXPIRED);
    }
}
