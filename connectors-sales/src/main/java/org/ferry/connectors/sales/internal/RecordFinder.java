package org.ferry.connectors.sales.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;

import org.ferry.connectors.common.odata.ODataUrls;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Finds the GUIDs of records by the values of some of their columns, with {@code $filter}: the way to reach
 * records of the many tables without an alternate key (found by their integration key), and records whose key
 * values hold characters alternate-key URLs refuse.
 *
 * <p>A record is named by its <em>criteria</em>: column to OData literal ({@code ordernumber → 'SO-1'},
 * {@code _salesorderid_value → <guid>}). {@link #prefetch} asks for many at once, one query per
 * {@value #PER_QUERY} records of a table ({@code (a eq 'x' and b eq 1) or (…)}, short enough for any URL limit), so
 * {@link #guid} answers from memory, misses included. One instance serves one write call: a record created or
 * deleted since must be seen by the next one. Dataverse compares text case-insensitively, so criteria are too.
 *
 * <p>Without an alternate key nothing makes the values unique: when two records match, the oldest-created one is
 * taken and the duplicate is logged for a user to merge, rather than writing both or failing.
 */
final class RecordFinder {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RecordFinder.class);
    private static final int PER_QUERY = 25;
    /**
     * Criteria a query of a bulk write's existence check carries: every record of the call is looked for, and at 25 a
     * query the queries alone would spend the user's request budget (6,000 per 5 minutes) faster than the writes.
     */
    static final int BULK_PER_QUERY = 50;
    private static final String MISSING = "";

    private final DataverseClient client;
    private final int perQuery;
    /** table → normalized criteria → GUID, or {@link #MISSING} once asked for and not found */
    private final Map<String, Map<String, String>> found = new java.util.concurrent.ConcurrentHashMap<>();

    RecordFinder(DataverseClient client) {
        this(client, PER_QUERY);
    }

    /** @param perQuery the most records one query looks for */
    RecordFinder(DataverseClient client, int perQuery) {
        this.client = client;
        this.perQuery = perQuery;
    }

    /** Looks up, in as few queries as possible, the records these criteria name. */
    void prefetch(EntityModel table, Collection<Map<String, String>> criteria) {
        Map<String, String> known = found.computeIfAbsent(table.name(), t -> new java.util.concurrent.ConcurrentHashMap<>());
        Map<List<String>, List<Map<String, String>>> byColumns = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Map<String, String> c : criteria) {
            String norm = normalize(c);
            if (!known.containsKey(norm) && seen.add(norm)) {
                byColumns.computeIfAbsent(List.copyOf(new TreeMap<>(c).keySet()), k -> new ArrayList<>()).add(c);
            }
        }
        List<Runnable> queries = new ArrayList<>();
        byColumns.forEach((columns, list) -> {
            for (int i = 0; i < list.size(); i += perQuery) {
                List<Map<String, String>> some = list.subList(i, Math.min(list.size(), i + perQuery));
                queries.add(() -> query(table, columns, some, known));
            }
        });
        // side by side, as many as the users' budgets let through at once: the writes wait for all of them
        Parallel.run(queries);
    }

    /** @return the GUID of the record these criteria name, if there is one */
    Optional<String> guid(EntityModel table, Map<String, String> criteria) {
        prefetch(table, List.of(criteria));
        String id = found.get(table.name()).get(normalize(criteria));
        return id == null || id.equals(MISSING) ? Optional.empty() : Optional.of(id);
    }

    /** Remembers a record this call created, so a second record with the same criteria in the call updates it. */
    void created(EntityModel table, Map<String, String> criteria, String guid) {
        found.computeIfAbsent(table.name(), t -> new java.util.concurrent.ConcurrentHashMap<>()).put(normalize(criteria), guid);
    }

    private void query(EntityModel table, List<String> columns, List<Map<String, String>> criteria,
                       Map<String, String> known) {
        StringJoiner filter = new StringJoiner(" or ");
        for (Map<String, String> c : criteria) {
            StringJoiner and = new StringJoiner(" and ", columns.size() > 1 ? "(" : "", columns.size() > 1 ? ")" : "");
            columns.forEach(col -> and.add(col + " eq " + c.get(col)));
            filter.add(and.toString());
        }
        List<String> select = new ArrayList<>(List.of(table.primaryKey()));
        columns.stream().filter(c -> !select.contains(c)).forEach(select::add);
        boolean created = table.fields().containsKey("createdon");
        if (created) {
            select.add("createdon");
        }
        URI next = ODataUrls.uri(client.root(), table.entitySet(), List.of(Map.entry("$select", String.join(",", select)),
                Map.entry("$filter", filter.toString())));
        Map<String, String> createdOn = new HashMap<>();
        while (next != null) {
            JsonNode page = client.getJson(next, "odata.maxpagesize=" + perQuery * 4);
            for (JsonNode row : page.path("value")) {
                Map<String, String> values = new LinkedHashMap<>();
                for (String col : columns) {
                    values.put(col, literalOf(row.path(col), criteriaLiteral(criteria, col)));
                }
                String norm = normalize(values);
                String guid = row.path(table.primaryKey()).asText();
                String when = created ? row.path("createdon").asText("") : "";
                String previous = known.get(norm);
                if (previous != null && !previous.equals(MISSING) && !previous.equalsIgnoreCase(guid)) {
                    LOG.warn("{} {} matches more than one record ({}, {}); the oldest is written, merge the others in"
                            + " Dataverse or make the key an alternate key", table.name(), values, previous, guid);
                    if (when.compareTo(createdOn.getOrDefault(norm, "")) >= 0) {
                        continue;
                    }
                }
                known.put(norm, guid);
                createdOn.put(norm, when);
            }
            String link = page.path("@odata.nextLink").asText(null);
            next = link == null ? null : SameOrigin.check(client.root(), ODataUrls.link(next, link));
        }
        criteria.forEach(c -> known.putIfAbsent(normalize(c), MISSING));
    }

    /** A literal for a value read back, in the form the criteria gave it (quoted text, bare number or GUID). */
    private static String literalOf(JsonNode value, String like) {
        if (value.isNull() || value.isMissingNode()) {
            return "null";
        }
        return like != null && like.startsWith("'") ? ODataUrls.stringLiteral(value.asText()) : value.asText();
    }

    private static String criteriaLiteral(List<Map<String, String>> criteria, String column) {
        return criteria.isEmpty() ? null : criteria.get(0).get(column);
    }

    private static String normalize(Map<String, String> criteria) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(criteria).forEach((k, v) -> sb.append(k).append('\u0001').append(v.toLowerCase(Locale.ROOT))
                .append('\u0002'));
        return sb.toString();
    }
}
