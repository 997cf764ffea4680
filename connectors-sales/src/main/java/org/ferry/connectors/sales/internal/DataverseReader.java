package org.ferry.connectors.sales.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.RecordReader;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.error.CheckpointExpiredException;
import org.ferry.api.error.ConfigurationException;
import org.ferry.connectors.common.http.ApiResponse;
import org.ferry.connectors.common.odata.Json;
import org.ferry.connectors.common.odata.ODataErrors;
import org.ferry.connectors.common.odata.ODataUrls;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a table page by page, following {@code @odata.nextLink}, with change tracking.
 *
 * <ul>
 * <li>Full read, unscoped: one pass with {@code Prefer: odata.track-changes}; its {@code @odata.deltaLink}
 *     is the checkpoint.</li>
 * <li>Full read with a filter or a business unit: change tracking refuses {@code $filter}, so an id-only
 *     tracked pass runs first to get the delta link (taken before the data, so nothing changed during the
 *     read is missed), then the filtered data pass.</li>
 * <li>Read since a checkpoint: GET the delta link. Changed rows come back whole; deleted rows only as
 *     {@code $deletedEntity} ids, so a deletion carries its GUID as sourceId and no key. Since the delta
 *     cannot be filtered, changed rows are checked against the filter by the server, by id. A delta link the
 *     service refuses (expired after the organization's retention, 7 days by default, or unknown) is a
 *     {@link CheckpointExpiredException}: the engine reads everything again.</li>
 * </ul>
 *
 * <p>Change tracking is checked, never assumed: a table not enabled for it, an application user without
 * organization-level read (the service's privilege error), a tracked request whose {@code Preference-Applied} does
 * not say {@code odata.track-changes}, or a last page without a delta link, all make a plain full read with no
 * checkpoint, said once as a {@link #warnings() warning}; the engine then compares what it read with what it wrote.
 */
final class DataverseReader implements RecordReader {
    private static final String ANNOTATIONS = "odata.include-annotations=\"Microsoft.Dynamics.CRM.lookuplogicalname\"";

    private final DataverseClient client;
    private final EntityModel model;
    private final ReadRequest request;
    private final DataverseRows converter;
    private final String serverFilter;
    private final int pageSize;
    private URI next;
    private boolean tracking;
    private boolean delta;
    private boolean started;
    private String deltaLink;
    private final List<String> warnings = new ArrayList<>();

    /**
     * @param units for a read scoped to a business unit, that unit and every unit below it (Dataverse's
     *              "deep" read: the root business unit stands for the whole organization); empty otherwise
     */
    DataverseReader(DataverseClient client, EntityModel model, ReadRequest request, List<String> units) {
        this.client = client;
        this.model = model;
        this.request = request;
        this.converter = new DataverseRows(model, request, new LookupResolver(client));
        this.pageSize = Math.min(request.pageSize(), client.pageSize());
        this.serverFilter = combinedFilter(model, request, units);
    }

    private static String combinedFilter(EntityModel model, ReadRequest request, List<String> units) {
        List<String> parts = new ArrayList<>();
        if (request.filter() != null && !request.filter().isBlank()) {
            parts.add("(" + request.filter() + ")");
        }
        if (request.organization() != null) {
            if (model.organizationField() == null) {
                throw new ConfigurationException("organization", "table '" + model.name()
                        + "' is not owned by business units, so it cannot be read for one");
            }
            List<String> scope = units.isEmpty() ? List.of(request.organization().id()) : units;
            parts.add("(" + String.join(" or ", scope.stream().map(id -> "_owningbusinessunit_value eq " + id).toList()) + ")");
        }
        return parts.isEmpty() ? null : String.join(" and ", parts);
    }

    @Override
    public List<EntityRecord> nextPage() {
        if (!started) {
            start();
        }
        if (next == null) {
            return null;
        }
        JsonNode page = page(next, pageSize, tracking);
        String link = page.path("@odata.nextLink").asText(null);
        String dl = page.path("@odata.deltaLink").asText(null);
        if (dl != null && tracking) {
            deltaLink = SameOrigin.check(client.root(), ODataUrls.link(next, dl)).toString();
        }
        URI current = next;
        next = link == null ? null : SameOrigin.check(client.root(), ODataUrls.link(current, link));
        if (next == null && tracking && deltaLink == null) {
            warn("Dataverse returned no delta link for table '" + model.name() + "' although it applied change"
                    + " tracking; the next run reads the table fully again");
        }
        return records(page.path("value"));
    }

    /**
     * GETs one page. With {@code tracked}, checks that the service tracks changes: a privilege error (no
     * organization-level read) or a {@code Preference-Applied} without {@code odata.track-changes} (a table not
     * enabled for it) turns this read into a plain one, with a warning; a refused delta link is a
     * {@link CheckpointExpiredException}.
     */
    private JsonNode page(URI uri, int size, boolean tracked) {
        // never annotations with change tracking: the service was reported to leave out the delta link when both are
        // asked for (powerapps-docs #439); a polymorphic lookup without its lookuplogicalname is tried on each target
        String prefer = "odata.maxpagesize=" + size + "," + (tracked ? "odata.track-changes" : ANNOTATIONS);
        ApiResponse r = client.get(uri, prefer);
        if (tracked && delta && r.status() != 200) {
            if (r.status() == 400 || r.status() == 404 || r.status() == 410 || r.status() == 403) {
                throw new CheckpointExpiredException("Dataverse refused the delta link of table '" + model.name()
                        + "' (" + ODataErrors.message(r) + ")");
            }
        }
        if (tracked && !delta && r.status() == 403) {
            warn("the application user lacks organization-level read on table '" + model.name() + "', which change"
                    + " tracking needs (" + ODataErrors.message(r) + "); it is read fully every run. Give its security"
                    + " role Read at Organization level to read only changes");
            tracking = false;
            return page(uri, size, false);
        }
        if (r.status() != 200) {
            throw client.failure(r, "GET " + uri.getRawPath());
        }
        if (tracked && !delta && !r.header("Preference-Applied").orElse("").contains("odata.track-changes")) {
            warn("table '" + model.name() + "' is not enabled for change tracking in Dataverse; it is read fully every"
                    + " run and compared with what was written. Enable change tracking on the table to read only changes");
            tracking = false;
        }
        return Json.parse(r.body(), "the answer to GET " + uri.getRawPath());
    }

    private void warn(String message) {
        if (!warnings.contains(message)) {
            warnings.add(message);
        }
    }

    /**
     * For a full read, the table's {@code /$count} under the same filter: one more request. Dataverse counts at most
     * 5,000 rows, so a count that reaches it says only "at least", which is no total.
     */
    @Override
    public java.util.OptionalLong estimatedTotal() {
        if (request.checkpoint() != null) {
            return java.util.OptionalLong.empty();
        }
        List<Map.Entry<String, String>> options = serverFilter == null ? List.of() : List.of(Map.entry("$filter", serverFilter));
        ApiResponse r = client.get(ODataUrls.uri(client.root(), model.entitySet() + "/$count", options), "odata.maxpagesize=1");
        if (r.status() != 200) {
            return java.util.OptionalLong.empty();
        }
        try {
            long n = Long.parseLong(r.bodyText().replace("\uFEFF", "").trim());
            return n >= 5000 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(n);
        } catch (NumberFormatException e) {
            return java.util.OptionalLong.empty();
        }
    }

    @Override
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    private void start() {
        started = true;
        List<String> columns = model.columns(wanted());
        if (request.checkpoint() != null) {
            next = SameOrigin.check(client.root(), checkpointUri(request.checkpoint()));
            tracking = true;
            delta = true;
            return;
        }
        List<Map.Entry<String, String>> options = new ArrayList<>();
        options.add(Map.entry("$select", String.join(",", columns)));
        boolean trackable = !Boolean.FALSE.equals(model.changeTracking());
        if (!trackable) {
            warn("table '" + model.name() + "' is not enabled for change tracking in Dataverse; it is read fully every"
                    + " run and compared with what was written. Enable change tracking on the table to read only changes");
        }
        if (serverFilter == null) {
            tracking = trackable;
        } else {
            if (trackable) {
                deltaLink = trackedPass(columns);
            }
            options.add(Map.entry("$filter", serverFilter));
        }
        next = ODataUrls.uri(client.root(), model.entitySet(), options);
    }

    /**
     * The fields to select: the ones the run reads, its lookups, and what the connector itself needs (the owning
     * business unit that scopes records, the modified date); all of them when the run asked for all.
     */
    private List<String> wanted() {
        if (request.fields().isEmpty()) {
            return List.of();
        }
        List<String> wanted = new ArrayList<>(request.fields());
        request.lookupKeys().keySet().stream().filter(f -> !wanted.contains(f)).forEach(wanted::add);
        for (String own : List.of("owningbusinessunit", "modifiedon")) {
            if (model.fields().containsKey(own) && !wanted.contains(own)) {
                wanted.add(own);
            }
        }
        return wanted;
    }

    private URI checkpointUri(String checkpoint) {
        try {
            return new URI(checkpoint);
        } catch (URISyntaxException e) {
            throw new CheckpointExpiredException("the checkpoint is not a Dataverse delta link");
        }
    }

    /**
     * Pages through the table with change tracking, to obtain the delta link a filtered read cannot give.
     * It selects the same columns as the read: a delta link keeps its $select (and must not be edited), and
     * later deltas return the selected columns of each changed row, so selecting only ids here would make
     * every later delta row lack the business key.
     */
    private String trackedPass(List<String> columns) {
        URI uri = ODataUrls.uri(client.root(), model.entitySet(),
                List.of(Map.entry("$select", String.join(",", columns))));
        String link = null;
        tracking = true;
        while (uri != null) {
            JsonNode page = page(uri, client.pageSize(), true);
            if (!tracking) {
                return null; // the table cannot be tracked: the filtered read alone, no checkpoint
            }
            String dl = page.path("@odata.deltaLink").asText(null);
            if (dl != null) {
                link = SameOrigin.check(client.root(), ODataUrls.link(uri, dl)).toString();
            }
            String nl = page.path("@odata.nextLink").asText(null);
            uri = nl == null ? null : SameOrigin.check(client.root(), ODataUrls.link(uri, nl));
        }
        tracking = false;
        if (link == null) {
            warn("Dataverse returned no delta link for table '" + model.name() + "' although it applied change"
                    + " tracking; the next run reads the table fully again");
        }
        return link;
    }

    private List<EntityRecord> records(JsonNode rows) {
        List<JsonNode> changed = new ArrayList<>();
        List<EntityRecord> out = new ArrayList<>();
        for (JsonNode row : rows) {
            if (isDeletion(row)) {
                out.add(EntityRecord.deletion(model.name(), null, row.path("id").asText()));
            } else {
                changed.add(row);
            }
        }
        if (delta && serverFilter != null && !changed.isEmpty()) {
            changed = matchingFilter(changed);
        }
        List<EntityRecord> records = new ArrayList<>(rows.size());
        records.addAll(converter.records(changed));
        records.addAll(out);
        return records;
    }

    private static boolean isDeletion(JsonNode row) {
        return row.path("@odata.context").asText("").endsWith("$deletedEntity")
                || ("deleted".equals(row.path("reason").asText(null)) && row.has("id"));
    }

    /** Asks the server which of the changed rows match the read's filter; the delta itself cannot be filtered. */
    private List<JsonNode> matchingFilter(List<JsonNode> rows) {
        Set<String> keep = new HashSet<>();
        for (int i = 0; i < rows.size(); i += 40) {
            StringJoiner ids = new StringJoiner(" or ", "(", ")");
            rows.subList(i, Math.min(rows.size(), i + 40)).forEach(r -> ids.add(model.primaryKey() + " eq "
                    + r.path(model.primaryKey()).asText()));
            URI uri = ODataUrls.uri(client.root(), model.entitySet(), List.of(
                    Map.entry("$select", model.primaryKey()), Map.entry("$filter", serverFilter + " and " + ids)));
            while (uri != null) {
                JsonNode page = client.getJson(uri, "odata.maxpagesize=" + client.pageSize());
                page.path("value").forEach(r -> keep.add(r.path(model.primaryKey()).asText().toLowerCase(Locale.ROOT)));
                String nl = page.path("@odata.nextLink").asText(null);
                uri = nl == null ? null : SameOrigin.check(client.root(), ODataUrls.link(uri, nl));
            }
        }
        return rows.stream().filter(r -> keep.contains(r.path(model.primaryKey()).asText().toLowerCase(Locale.ROOT)))
                .toList();
    }

    @Override
    public String checkpoint() {
        return deltaLink;
    }

    @Override
    public void close() {
        next = null;
    }
}
