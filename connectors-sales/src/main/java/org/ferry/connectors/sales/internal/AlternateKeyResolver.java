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
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

import org.ferry.api.data.BusinessKey;
import org.ferry.api.error.RecordException;
import org.ferry.connectors.common.odata.ODataUrls;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Finds the GUIDs of related records by their business key, for writes. A line's key names its order
 * the way every system knows it ({@code salesorderid = "SO-100001"}, the order's ordernumber), but
 * Dataverse addresses the line by the order's GUID: {@code salesorderdetails(_salesorderid_value=<guid>,
 * sequencenumber=1)}.
 *
 * <p>One instance serves one upsert or delete call. {@link #prefetch} asks for a chunk's keys together,
 * per target table ({@code ordernumber eq 'A' or ordernumber eq 'B'}, {@value #KEYS_PER_QUERY} to a
 * query), so {@link #idOf} answers from memory, misses included. Nothing is kept beyond the call: a
 * parent deleted and created again has a new GUID, and a parent missing now may be written by the next
 * leg of the same run.
 */
final class AlternateKeyResolver {
    private static final int KEYS_PER_QUERY = 40;
    private static final String MISSING = "";
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    /** The related record does not exist: an upsert fails on it, a delete knows its record is gone too. */
    static final class NotFound extends RecordException {
        private static final long serialVersionUID = 1L;

        NotFound(String field, String message) {
            super(field, message);
        }
    }

    private final DataverseClient client;
    /** target table → lower-cased key text → GUID, or {@link #MISSING} once asked for and not found */
    private final Map<String, Map<String, String>> ids = new HashMap<>();

    AlternateKeyResolver(DataverseClient client) {
        this.client = client;
    }

    /** Looks up, in as few queries as possible, the related records named by the lookup parts of these keys. */
    void prefetch(EntityModel model, Collection<BusinessKey> keys) {
        Map<EntityModel.FieldModel, Set<String>> byField = new LinkedHashMap<>();
        for (BusinessKey key : keys) {
            if (key == null) {
                continue;
            }
            key.parts().forEach((name, text) -> model.field(name).filter(EntityModel.FieldModel::isLookup)
                    .ifPresent(f -> byField.computeIfAbsent(f, x -> new LinkedHashSet<>()).add(text)));
        }
        byField.forEach((f, texts) -> {
            try {
                resolve(f.name(), List.copyOf(f.navByTarget().keySet()), texts);
            } catch (RecordException e) {
                // a target that cannot be searched by key fails each record on its own, in idOf
            }
        });
    }

    /**
     * @param field   the lookup field, for the message
     * @param targets the tables it may refer to, tried in order (the lookup's $metadata order)
     * @param text    the related record's business key as text ({@link BusinessKey#asText()})
     * @return the GUID of the first target's record with that key
     * @throws NotFound when no target has it
     */
    String idOf(String field, List<String> targets, String text) {
        resolve(field, targets, List.of(text));
        String norm = normalize(text);
        for (String target : targets) {
            String id = ids.getOrDefault(target, Map.of()).get(norm);
            if (id != null && !id.equals(MISSING)) {
                return id;
            }
        }
        throw new NotFound(field, field + " refers to " + describe(targets) + " '" + text
                + "', which does not exist; write it first or correct the key");
    }

    private String describe(List<String> targets) {
        if (targets.size() == 1) {
            EntityModel model = client.models().get(targets.get(0));
            List<String> key = model == null || model.primaryKey() == null ? List.of() : keyColumns(model);
            return targets.get(0) + (key.isEmpty() ? "" : " with " + String.join(", ", key));
        }
        return String.join(" or ", targets);
    }

    private void resolve(String field, List<String> targets, Collection<String> texts) {
        List<String> open = new ArrayList<>();
        for (String t : new LinkedHashSet<>(texts)) {
            if (targets.stream().noneMatch(target -> found(target, t))) {
                open.add(t);
            }
        }
        for (String target : targets) {
            if (open.isEmpty()) {
                return;
            }
            EntityModel model = client.models().get(target);
            Map<String, String> known = ids.computeIfAbsent(target, x -> new HashMap<>());
            List<String> ask = open.stream().filter(t -> !known.containsKey(normalize(t))).toList();
            if (model == null || model.primaryKey() == null) {
                ask.forEach(t -> known.put(normalize(t), MISSING));
            } else {
                for (int i = 0; i < ask.size(); i += KEYS_PER_QUERY) {
                    query(field, model, ask.subList(i, Math.min(ask.size(), i + KEYS_PER_QUERY)), known);
                }
            }
            open.removeIf(t -> found(target, t));
        }
    }

    private boolean found(String target, String text) {
        String id = ids.getOrDefault(target, Map.of()).get(normalize(text));
        return id != null && !id.equals(MISSING);
    }

    /** The columns a related record is known by: its business key, or its GUID when it has none (as reads do). */
    private static List<String> keyColumns(EntityModel model) {
        return model.businessKey().isEmpty() ? List.of(model.primaryKey()) : model.businessKey();
    }

    private void query(String field, EntityModel model, List<String> texts, Map<String, String> known) {
        List<String> columns = keyColumns(model);
        List<EntityModel.FieldModel> parts = new ArrayList<>();
        for (String c : columns) {
            EntityModel.FieldModel f = model.field(c).orElse(null);
            if (f == null || f.isLookup()) {
                throw new RecordException(field, "table '" + model.name() + "' is keyed by another lookup ("
                        + String.join(", ", columns) + "); such references must be written by GUID");
            }
            parts.add(f);
        }
        StringJoiner filter = new StringJoiner(" or ");
        for (String text : texts) {
            String term = term(parts, text);
            if (term == null) {
                // a value that cannot be a key of the table (text where a number goes) matches nothing
                known.put(normalize(text), MISSING);
            } else {
                filter.add(term);
            }
        }
        if (filter.length() == 0) {
            return;
        }
        List<String> select = new ArrayList<>(List.of(model.primaryKey()));
        parts.stream().map(EntityModel.FieldModel::column).filter(c -> !select.contains(c)).forEach(select::add);
        URI next = ODataUrls.uri(client.root(), model.entitySet(), List.of(
                Map.entry("$select", String.join(",", select)), Map.entry("$filter", filter.toString())));
        while (next != null) {
            JsonNode page = client.getJson(next, "odata.maxpagesize=" + KEYS_PER_QUERY);
            for (JsonNode row : page.path("value")) {
                Map<String, String> values = new LinkedHashMap<>();
                for (EntityModel.FieldModel p : parts) {
                    values.put(p.name(), row.path(p.column()).asText(""));
                }
                known.put(normalize(BusinessKey.of(values).asText()), row.path(model.primaryKey()).asText());
            }
            String link = page.path("@odata.nextLink").asText(null);
            next = link == null ? null : SameOrigin.check(client.root(), ODataUrls.link(next, link));
        }
        texts.forEach(t -> known.putIfAbsent(normalize(t), MISSING));
    }

    /** @return {@code (a eq 'x' and b eq 1)} for one key, or null when a part cannot be a literal of its type */
    private static String term(List<EntityModel.FieldModel> parts, String text) {
        List<String> values = BusinessKey.splitText(text, parts.size()).orElse(null);
        if (values == null) {
            return null;
        }
        StringJoiner and = new StringJoiner(" and ", parts.size() > 1 ? "(" : "", parts.size() > 1 ? ")" : "");
        for (int i = 0; i < parts.size(); i++) {
            EntityModel.FieldModel p = parts.get(i);
            String literal = literal(values.get(i), p.edmType());
            if (literal == null) {
                return null;
            }
            and.add(p.column() + " eq " + literal);
        }
        return and.toString();
    }

    private static String literal(String value, String edmType) {
        String type = edmType == null ? "Edm.String" : edmType;
        return switch (type) {
            case "Edm.Int16", "Edm.Int32", "Edm.Int64", "Edm.Byte", "Edm.SByte", "Edm.Decimal", "Edm.Double",
                 "Edm.Single" -> NUMBER.matcher(value).matches() ? value : null;
            case "Edm.Guid" -> DataverseIds.GUID.matcher(value).matches() ? value : null;
            case "Edm.Boolean" -> value.equals("true") || value.equals("false") ? value : null;
            default -> ODataUrls.literal(value, type);
        };
    }

    /** Dataverse compares keys case-insensitively, so the same record must be found whatever the case. */
    private static String normalize(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
