package org.ferry.connectors.sales.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Function;

import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.ReferenceValue;
import org.ferry.connectors.common.odata.ODataUrls;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns lookup GUIDs into references: keyed by the related record's fields the run reads through the lookup (the
 * connection set's integration key, or the field a mapping names: {@code transactioncurrencyid.isocurrencycode}),
 * else by the related table's alternate key, and each carrying the GUID as its {@link ReferenceValue#id()} (the
 * related record's id as reads give it, so a key map can translate it). A related record without a value in those
 * fields (an account without an account number), or one not found (deleted or invisible to the application user),
 * is referenced by GUID only: dropping it would read as "no value" and clear the lookup wherever it is written.
 *
 * <p>Why not {@code $expand}: change tracking refuses it, and delta reads need lookups too. Instead each page's
 * distinct GUIDs are looked up per related table with one filtered query per chunk
 * ({@code transactioncurrencyid eq … or …}, short enough for any URL limit), and remembered for the rest of the read.
 * The related table need not have an alternate key: any column can be selected.
 */
final class LookupResolver {
    private static final int IDS_PER_QUERY = 40;
    private static final int CACHE_LIMIT = 100_000;

    private final DataverseClient client;
    /** "fields|guid" → reference */
    private final Map<String, ReferenceValue> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ReferenceValue> eldest) {
            return size() > CACHE_LIMIT;
        }
    };
    /** GUIDs looked for and not found (deleted or invisible), so they are not asked for again. */
    private final Set<String> missing = new LinkedHashSet<>();

    LookupResolver(DataverseClient client) {
        this.client = client;
    }

    /**
     * @param targets   candidate related tables, in the order to try them; a GUID found in none is referenced as
     *                  one of the first
     * @param keyFields for a related table, the fields its references carry (empty: its alternate key, else its id)
     * @return GUID to reference, for every GUID
     */
    Map<String, ReferenceValue> resolve(Collection<String> targets, Collection<String> guids,
                                        Function<String, List<String>> keyFields) {
        Map<String, ReferenceValue> found = new LinkedHashMap<>();
        String fallback = targets.isEmpty() ? null : targets.iterator().next();
        List<String> open = new ArrayList<>();
        for (String g : new LinkedHashSet<>(guids)) {
            String id = g.toLowerCase(Locale.ROOT);
            ReferenceValue hit = null;
            for (String target : targets) {
                hit = hit != null ? hit : cache.get(cacheKey(target, keyFields.apply(target), id));
            }
            if (hit != null) {
                found.put(g, hit);
            } else if (!missing.contains(id)) {
                open.add(g);
            } else if (fallback != null) {
                found.put(g, ReferenceValue.byId(fallback, g));
            }
        }
        for (String target : targets) {
            if (open.isEmpty()) {
                break;
            }
            EntityModel model = client.models().containsKey(target) ? client.table(target) : null;
            if (model == null || model.primaryKey() == null) {
                continue;
            }
            List<String> wanted = keyFields.apply(target);
            for (int i = 0; i < open.size(); i += IDS_PER_QUERY) {
                query(model, wanted, open.subList(i, Math.min(open.size(), i + IDS_PER_QUERY)), found);
            }
            open.removeIf(found::containsKey);
        }
        if (missing.size() < CACHE_LIMIT) {
            open.forEach(g -> missing.add(g.toLowerCase(Locale.ROOT)));
        }
        if (fallback != null) {
            open.forEach(g -> found.put(g, ReferenceValue.byId(fallback, g)));
        }
        return found;
    }

    private static String cacheKey(String target, List<String> fields, String guid) {
        return target + "|" + String.join(",", fields) + "|" + guid;
    }

    private void query(EntityModel model, List<String> wanted, List<String> ids, Map<String, ReferenceValue> found) {
        // without a key the run asked for or an alternate key, the related record is referenced by its id alone
        List<String> keyFields = !wanted.isEmpty() ? wanted : model.businessKey();
        Map<String, String> columns = new LinkedHashMap<>();
        for (String f : keyFields) {
            columns.put(f, model.field(f).map(EntityModel.FieldModel::column).orElse(f));
        }
        List<String> select = new ArrayList<>(List.of(model.primaryKey()));
        columns.values().stream().filter(c -> !select.contains(c)).forEach(select::add);
        StringJoiner filter = new StringJoiner(" or ");
        ids.forEach(id -> filter.add(model.primaryKey() + " eq " + id));
        URI next = ODataUrls.uri(client.root(), model.entitySet(),
                List.of(Map.entry("$select", String.join(",", select)), Map.entry("$filter", filter.toString())));
        Map<String, String> byLower = new LinkedHashMap<>();
        ids.forEach(id -> byLower.put(id.toLowerCase(Locale.ROOT), id));
        while (next != null) {
            JsonNode page = client.getJson(next, "odata.maxpagesize=" + IDS_PER_QUERY);
            for (JsonNode row : page.path("value")) {
                String guid = row.path(model.primaryKey()).asText("");
                String id = guid.toLowerCase(Locale.ROOT);
                Map<String, String> parts = new LinkedHashMap<>();
                for (Map.Entry<String, String> c : columns.entrySet()) {
                    JsonNode v = row.path(c.getValue());
                    if (v.isNull() || v.isMissingNode() || v.asText().isEmpty()) {
                        parts = null;
                        break;
                    }
                    parts.put(c.getKey(), v.asText());
                }
                if (byLower.containsKey(id)) {
                    // the id as the related record's own rows give it, which is what a key map holds
                    ReferenceValue ref = parts == null || parts.isEmpty() ? ReferenceValue.byId(model.name(), guid)
                            : new ReferenceValue(model.name(), BusinessKey.of(parts), guid);
                    cache.put(cacheKey(model.name(), wanted, id), ref);
                    found.put(byLower.get(id), ref);
                }
            }
            String link = page.path("@odata.nextLink").asText(null);
            next = link == null ? null : SameOrigin.check(client.root(), ODataUrls.link(next, link));
        }
    }
}
