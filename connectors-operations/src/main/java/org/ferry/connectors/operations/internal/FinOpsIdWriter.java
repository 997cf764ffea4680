package org.ferry.connectors.operations.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.ReferenceValue;
import org.ferry.api.data.Value;
import org.ferry.api.error.RecordException;
import org.ferry.api.organization.OrganizationUnit;
import org.ferry.connectors.common.http.ApiResponse;
import org.ferry.connectors.common.odata.EdmValueConverter;
import org.ferry.connectors.common.odata.Json;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes and deletes records by their F&amp;O id ({@link FinOpsIds}: the entity key as text), for entities synced
 * through a key map, over the requests of {@link FinOpsWriter}.
 *
 * <p>A record without an id is created with POST, carrying key fields only where the record has them: F&amp;O
 * numbers the rest from the legal entity's number sequence (a sales order's number, a customer's account), and
 * its 201 answer holds the created entity, whose key becomes the new id. A record with an id is a PATCH at that
 * key, which the key map keeps, so key fields in the record are not sent (F&amp;O refuses to change a key). A
 * PATCH answered 404 means the record was deleted in F&amp;O since: it is created again, in the company of its
 * old id, and is numbered anew, so its outcome carries the new id.
 */
final class FinOpsIdWriter {
    private final FinOpsWriter writer;

    FinOpsIdWriter(FinOpsWriter writer) {
        this.writer = writer;
    }

    List<WriteOutcome> write(FinOpsEntity entity, OrganizationUnit organization, List<EntityRecord> records) {
        return FinOpsWriter.parallel(records.size(), i -> writeOne(entity, organization, records.get(i)));
    }

    List<WriteOutcome> delete(FinOpsEntity entity, OrganizationUnit organization, List<String> ids) {
        return FinOpsWriter.parallel(ids.size(), i -> deleteOne(entity, organization, ids.get(i)));
    }

    private WriteOutcome writeOne(FinOpsEntity entity, OrganizationUnit organization, EntityRecord record) {
        String id = record.sourceId();
        BusinessKey key = record.key();
        try {
            ObjectNode fields = writer.fields(entity, record, entity.key());
            String company;
            if (id != null) {
                FinOpsIds.Parsed at = FinOpsIds.parse(entity, id);
                key = at.key();
                company = entity.companySpecific() ? company(at.company(), organization, record) : null;
                ApiResponse patch = writer.patch(writer.address(entity, keyValues(company, at.key())), fields);
                if (FinOpsWriter.succeeded(patch)) {
                    return WriteOutcome.updated(key).withId(id);
                }
                if (patch.status() != 404) {
                    return FinOpsWriter.failed(key, patch);
                }
            } else {
                company = entity.companySpecific() ? company(null, organization, record) : null;
            }
            return create(entity, record, company, fields);
        } catch (RecordException e) {
            return WriteOutcome.failed(key, e.field(), e.getMessage());
        }
    }

    private WriteOutcome create(FinOpsEntity entity, EntityRecord record, String company, ObjectNode fields) {
        Map<String, String> given = new LinkedHashMap<>();
        if (company != null) {
            given.put(FinOpsEntity.COMPANY, company);
        }
        for (String k : entity.businessKey()) {
            String v = carried(record, k);
            if (v != null) {
                given.put(k, v);
            }
        }
        given.forEach((k, v) -> fields.set(k, EdmValueConverter.write(Value.text(v), entity.edmType(k), k)));
        URI address = given.keySet().containsAll(entity.key()) ? writer.address(entity, given) : null;
        ApiResponse post = writer.post(entity, address, fields);
        if (!FinOpsWriter.succeeded(post)) {
            return FinOpsWriter.failed(record.key(), post);
        }
        String id = idIn(entity, post);
        if (id == null && address != null) {
            // a create answered without the entity: ask for it, so the id is the service's spelling of the key
            id = idIn(entity, writer.get(address));
        }
        if (id == null) {
            throw new RecordException(null, "F&O created the record but did not answer with its key, so its id is"
                    + " unknown; look for it in " + entity.name() + " before writing it again");
        }
        return WriteOutcome.inserted(FinOpsIds.parse(entity, id).key()).withId(id);
    }

    private static String idIn(FinOpsEntity entity, ApiResponse r) {
        if (!FinOpsWriter.succeeded(r) || r.body() == null || r.body().length == 0) {
            return null;
        }
        return FinOpsIds.of(entity, Json.parse(r.body(), "the answer about the created " + entity.name()));
    }

    private WriteOutcome deleteOne(FinOpsEntity entity, OrganizationUnit organization, String id) {
        BusinessKey key = null;
        try {
            FinOpsIds.Parsed at = FinOpsIds.parse(entity, id);
            key = at.key();
            String company = entity.companySpecific() ? company(at.company(), organization, null) : null;
            ApiResponse r = writer.delete(writer.address(entity, keyValues(company, key)));
            return FinOpsWriter.succeeded(r) || r.status() == 404 ? WriteOutcome.deleted(key).withId(id)
                    : FinOpsWriter.failed(key, r);
        } catch (RecordException e) {
            return WriteOutcome.failed(key, e.field(), e.getMessage());
        }
    }

    /** The company of the id, else of the organization written to, else of the record. */
    private String company(String ofId, OrganizationUnit organization, EntityRecord record) {
        String company = ofId != null ? ofId : organization != null ? organization.id() : null;
        if (company == null && record != null) {
            company = record.organization() != null ? record.organization() : carried(record, FinOpsEntity.COMPANY);
        }
        if (company == null || company.isEmpty()) {
            throw new RecordException(FinOpsEntity.COMPANY, "no legal entity: write with an organization unit or a dataAreaId");
        }
        return company;
    }

    private static Map<String, String> keyValues(String company, BusinessKey key) {
        Map<String, String> values = new LinkedHashMap<>();
        if (company != null) {
            values.put(FinOpsEntity.COMPANY, company);
        }
        values.putAll(key.parts());
        return values;
    }

    /**
     * A key field's value in the record: among its fields, else in its business key. A key field may be a lookup
     * too (an order line's SalesOrderNumber), arriving as a reference to the header by id.
     */
    private String carried(EntityRecord record, String field) {
        Value v = record.get(field);
        if (v instanceof ReferenceValue ref) {
            return writer.referencedKey(field, ref);
        }
        if (v != null && !v.asText().isEmpty()) {
            return v.asText();
        }
        return record.key() == null ? null : record.key().get(field);
    }
}
