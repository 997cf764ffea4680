package org.ferry.connectors.sales.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ferry.api.connector.ReadRequest;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.DateTimeValue;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.ReferenceValue;
import org.ferry.api.data.Value;
import org.ferry.connectors.common.odata.EdmValueConverter;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A page of a table's rows as records: lookup GUIDs resolved to the related records' keys in one round per related
 * table, and each record's business key, whose lookup parts carry the related record's key rather than a GUID.
 */
final class DataverseRows {
    private static final String LOGICAL_NAME = "@Microsoft.Dynamics.CRM.lookuplogicalname";

    private final EntityModel model;
    private final ReadRequest request;
    private final LookupResolver lookups;

    DataverseRows(EntityModel model, ReadRequest request, LookupResolver lookups) {
        this.model = model;
        this.request = request;
        this.lookups = lookups;
    }

    /** @param rows changed rows of one page (no deletions), in the page's order */
    List<EntityRecord> records(List<JsonNode> rows) {
        Map<String, Map<String, ReferenceValue>> refs = resolveLookups(rows);
        List<EntityRecord> records = new ArrayList<>(rows.size());
        for (JsonNode row : rows) {
            records.add(record(row, refs));
        }
        return records;
    }

    /**
     * @return per lookup field, GUID to reference (by key and id, or by id alone where the related record has no
     *         usable key), resolved in one round per target table for the page
     */
    private Map<String, Map<String, ReferenceValue>> resolveLookups(List<JsonNode> rows) {
        Map<String, Map<String, ReferenceValue>> result = new LinkedHashMap<>();
        for (EntityModel.FieldModel f : model.fields().values()) {
            // only the lookups the run reads: a related table nothing maps is never queried (the user may not read it)
            if (!f.isLookup() || !(request.fields().isEmpty() || request.fields().contains(f.name())
                    || request.lookupKeys().containsKey(f.name()) || model.businessKey().contains(f.name()))) {
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
                    target.isEmpty() ? f.navByTarget().keySet() : List.of(target), guids,
                    related -> request.lookupKey(f.name(), related))));
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
}
