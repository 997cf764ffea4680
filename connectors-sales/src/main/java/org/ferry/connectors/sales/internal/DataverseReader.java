package org.ferry.connectors.sales.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.RecordReader;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.DateTimeValue;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.ReferenceValue;
import org.ferry.api.data.Value;
import org.ferry.api.error.ConfigurationException;
import org.ferry.connectors.common.odata.EdmValueConverter;
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
 *     cannot be filtered, changed rows are checked against the filter by the server, by id.</li>
 * </ul>
 */
final class DataverseReader implements RecordReader {
    private static final String ANNOTATIONS = "odata.include-annotations=\"Microsoft.Dynamics.CRM.lookuplogicalname\"";
    private static final String LOGICAL_NAME = "@Microsoft.Dynamics.CRM.lookuplogicalname";

    private final DataverseClient client;
    private final EntityModel model;
    private final ReadRequest request;
    private final LookupResolver lookups;
    private final String serverFilter;
    private final int pageSize;
    private URI next;
    private boolean tracking;
    private boolean delta;
    private boolean started;
    private String deltaLink;

    /**
     * @param units for a read scoped to a business unit, that unit and every unit below it (Dataverse's
     *              "deep" read: the root business unit stands for the whole organization); empty otherwise
     */
    DataverseReader(DataverseClient client, EntityModel model, ReadRequest request, List<String> units) {
        this.client = client;
        this.model = model;
        this.request = request;
        this.lookups = new LookupResolver(client);
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
        String prefer = "odata.maxpagesize=" + pageSize + "," + ANNOTATIONS + (tracking ? ",odata.track-changes" : "");
        JsonNode page = client.getJson(next, prefer);
        String link = page.path("@odata.nextLink").asText(null);
        String dl = page.path("@odata.deltaLink").asText(null);
        if (dl != null && tracking) {
            deltaLink = SameOrigin.check(client.root(), ODataUrls.link(next, dl)).toString();
        }
        URI current = next;
        next = link == null ? null : SameOrigin.check(client.root(), ODataUrls.link(current, link));
        return records(page.path("value"));
    }

    private void start() {
        started = true;
        List<String> columns = model.columns(request.fields());
        if (request.checkpoint() != null) {
            next = SameOrigin.check(client.root(), checkpointUri(request.checkpoint()));
            tracking = true;
            delta = true;
            return;
        }
        List<Map.Entry<String, String>> options = new ArrayList<>();
        options.add(Map.entry("$select", String.join(",", columns)));
        if (serverFilter == null) {
            tracking = true;
        } else {
            deltaLink = trackedPass(columns);
            options.add(Map.entry("$filter", serverFilter));
        }
        next = ODataUrls.uri(client.root(), model.entitySet(), options);
    }

    private URI checkpointUri(String checkpoint) {
        try {
            return new URI(checkpoint);
        } catch (URISyntaxException e) {
            throw new ConfigurationException("checkpoint", "is not a Dataverse delta link; run with all data");
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
        String prefer = "odata.maxpagesize=" + client.pageSize() + ",odata.track-changes";
        String link = null;
        while (uri != null) {
            JsonNode page = client.getJson(uri, prefer);
            String dl = page.path("@odata.deltaLink").asText(null);
            if (dl != null) {
                link = SameOrigin.check(client.root(), ODataUrls.link(uri, dl)).toString();
            }
            String nl = page.path("@odata.nextLink").asText(null);
            uri = nl == null ? null : SameOrigin.check(client.root(), ODataUrls.link(uri, nl));
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
        Map<String, Map<String, ReferenceValue>> refs = resolveLookups(changed);
        List<EntityRecord> records = new ArrayList<>(changed.size() + out.size());
        for (JsonNode row : changed) {
            records.add(record(row, refs));
        }
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

    /**
     * @return per lookup field, GUID to reference (by key and id, or by id alone where the related record has no
     *         usable key), resolved in one round per target table for the page
     */
    private Map<String, Map<String, ReferenceValue>> resolveLookups(List<JsonNode> rows) {
        Map<String, Map<String, ReferenceValue>> result = new LinkedHashMap<>();
        for (EntityModel.FieldModel f : model.fields().values()) {
            if (!f.isLookup() || !(request.fields().isEmpty() || request.fields().contains(f.name())
                    || model.businessKey().contains(f.name()))) {
                continue;
            }
            Map<String, List<String>> guidsByTarget = new LinkedHashMap<>();
            for (JsonNode row : rows) {
                String guid = row.path(f.column()).asText(null);
                if (guid != null && !guid.isEmpty()) {
                    String named = row.path(f.column() + LOGICAL_NAME).asText(null);
                    String key = named != null && f.navByTarget().containsKey(named) ? named : "";
                    guidsByTarget.computeIfAbsent(key, k -> new ArrayList<>()).add(guid);
                }
            }
            Map<String, ReferenceValue> resolved = new LinkedHashMap<>();
            guidsByTarget.forEach((target, guids) -> resolved.putAll(lookups.resolve(
                    target.isEmpty() ? f.navByTarget().keySet() : List.of(target), guids)));
            result.put(f.name(), resolved);
        }
        return result;
    }

    private EntityRecord record(JsonNode row, Map<String, Map<String, ReferenceValue>> refs) {
        EntityRecord.Builder b = EntityRecord.builder(model.name());
        for (EntityModel.FieldModel f : model.fields().values()) {
            if (!row.has(f.column())) {
                continue;
            }
            if (f.isLookup()) {
                String guid = row.path(f.column()).asText(null);
                b.set(f.name(), guid == null ? null : refs.getOrDefault(f.name(), Map.of()).get(guid));
            } else {
                b.set(f.name(), EdmValueConverter.read(row.get(f.column()), f.edmType(), f.name()));
            }
        }
        if (model.primaryKey() != null) {
            b.sourceId(row.path(model.primaryKey()).asText(null));
        }
        b.organization(row.path("_owningbusinessunit_value").asText(null));
        if (row.path("modifiedon").isTextual()) {
            Value m = EdmValueConverter.read(row.get("modifiedon"), "Edm.DateTimeOffset", "modifiedon");
            b.modifiedOn(m instanceof DateTimeValue dt ? dt.value() : (Instant) null);
        }
        b.key(key(row, refs));
        return b.build();
    }

    /**
     * The record's business key. A lookup part (a line's order) carries the related record's business key
     * text, the order's ordernumber: the GUID is this environment's alone, and the key must match the same
     * line in every system. A related record without a usable key leaves the record without one.
     */
    private BusinessKey key(JsonNode row, Map<String, Map<String, ReferenceValue>> refs) {
        List<String> fields = model.businessKey();
        if (fields.isEmpty()) {
            return null;
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String f : fields) {
            EntityModel.FieldModel fm = model.field(f).orElse(null);
            JsonNode v = row.path(fm == null ? f : fm.column());
            if (v.isNull() || v.isMissingNode() || v.asText().isEmpty()) {
                return null;
            }
            if (fm != null && fm.isLookup()) {
                ReferenceValue ref = refs.getOrDefault(f, Map.of()).get(v.asText());
                if (ref == null || ref.key() == null) {
                    return null;
                }
                parts.put(f, ref.key().asText());
            } else {
                parts.put(f, v.asText());
            }
        }
        return BusinessKey.of(parts);
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
