package org.ferry.connectors.operations.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ferry.api.data.BusinessKey;
import org.ferry.api.error.RecordException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A record's id in F&amp;O. Data entities publish no surrogate id (RecId is not an OData property): a record is
 * addressed by its entity key, so its id is that key as text: {@code usmf|US-001} for a company-specific
 * entity (the company, then the business key's {@link BusinessKey#asText() text}), the business key's text
 * alone for a shared one. The reader gives records this id, writes by id answer with it, and the engine's key
 * maps store it, so it is one format here. A company id never holds a {@code |}, so the first one ends it.
 */
final class FinOpsIds {
    /** A parsed id: the company ({@code null} if the id names none) and the business key. */
    record Parsed(String company, BusinessKey key) {
    }

    private FinOpsIds() {
    }

    /** @return the id of a record of this company (or {@code null} for a shared entity) with this business key */
    static String of(String company, BusinessKey key) {
        return company == null ? key.asText() : company + "|" + key.asText();
    }

    /** @return the business key of an entity row in OData JSON, or {@code null} if a key field has no value */
    static BusinessKey businessKey(FinOpsEntity entity, JsonNode row) {
        Map<String, String> parts = new LinkedHashMap<>();
        for (String k : entity.businessKey()) {
            JsonNode v = row.path(k);
            if (v.isNull() || v.isMissingNode() || v.asText().isEmpty()) {
                return null;
            }
            parts.put(k, v.asText());
        }
        return parts.isEmpty() ? null : BusinessKey.of(parts);
    }

    /** @return the id of an entity row in OData JSON, or {@code null} if its key is incomplete */
    static String of(FinOpsEntity entity, JsonNode row) {
        BusinessKey key = businessKey(entity, row);
        return key == null ? null : of(row.path(FinOpsEntity.COMPANY).asText(null), key);
    }

    /**
     * @return the company and business key an id names; the company is {@code null} when the id has none (one
     *         written without it), and the caller takes the company from elsewhere
     * @throws RecordException if the id does not fit the entity's key
     */
    static Parsed parse(FinOpsEntity entity, String id) {
        List<String> fields = entity.businessKey();
        String company = null;
        String rest = id;
        int bar = id.indexOf('|');
        if (entity.companySpecific() && bar > 0 && (fields.size() == 1 || BusinessKey.splitText(id, fields.size() + 1).isPresent())) {
            company = id.substring(0, bar);
            rest = id.substring(bar + 1);
        }
        BusinessKey key = BusinessKey.parse(rest, fields)
                .filter(k -> k.parts().values().stream().noneMatch(String::isEmpty))
                .orElseThrow(() -> new RecordException(null, "'" + id + "' is not an id of data entity '" + entity.name()
                        + "': its key is " + (entity.companySpecific() ? "the company and " : "") + String.join(", ", fields)));
        return new Parsed(company, key);
    }
}
