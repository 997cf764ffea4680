package org.ferry.connectors.operations.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
import org.ferry.connectors.common.http.Deadline;
import org.ferry.connectors.common.odata.BatchSender;
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
 *
 * <p>A batch of records is a {@code $batch} of PATCHes, then one of POSTs, as {@link FinOpsWriter} sends them.
 * A create whose answer was lost and whose key F&amp;O numbers cannot be looked up: it fails as unknown rather
 * than risk a duplicate.
 */
final class FinOpsIdWriter {
    private final FinOpsWriter writer;

    FinOpsIdWriter(FinOpsWriter writer) {
        this.writer = writer;
    }

    /** A record on its way: its outcome's key so far, and the create it needs where it needs one. */
    private static final class Write {
        final EntityRecord record;
        final String id;
        BusinessKey key;
        ObjectNode fields;
        String company;
        String address;

        Write(EntityRecord record) {
            this.record = record;
            this.id = record.sourceId();
            this.key = record.key();
        }
    }

    List<WriteOutcome> write(FinOpsEntity entity, OrganizationUnit organization, List<EntityRecord> records) {
        Deadline deadline = writer.deadline();
        WriteOutcome[] outcomes = new WriteOutcome[records.size()];
        List<Integer> patches = new ArrayList<>();
        List<Integer> creates = new ArrayList<>();
        Write[] writes = new Write[records.size()];
        for (int i = 0; i < records.size(); i++) {
            Write w = writes[i] = new Write(records.get(i));
            try {
                w.fields = writer.fields(entity, w.record, entity.key());
                if (w.id != null) {
                    FinOpsIds.Parsed at = FinOpsIds.parse(entity, w.id);
                    w.key = at.key();
                    w.company = entity.companySpecific() ? company(at.company(), organization, w.record) : null;
                    w.address = writer.address(entity, keyValues(w.company, at.key()));
                    patches.add(i);
                } else {
                    w.company = entity.companySpecific() ? company(null, organization, w.record) : null;
                    creates.add(i);
                }
            } catch (RecordException e) {
                outcomes[i] = WriteOutcome.failed(w.key, e.field(), e.getMessage());
            }
        }
        List<BatchSender.Result> patched = writer.patch(patches.stream().map(i -> writes[i].address).toList(),
                patches.stream().map(i -> writes[i].fields).toList(), deadline);
        for (int p = 0; p < patches.size(); p++) {
            Write w = writes[patches.get(p)];
            BatchSender.Result r = patched.get(p);
            if (r.succeeded()) {
                outcomes[patches.get(p)] = WriteOutcome.updated(w.key).withId(w.id);
            } else if (r.fate() == BatchSender.Fate.ANSWERED && r.status() == 404) {
                creates.add(patches.get(p));
            } else {
                outcomes[patches.get(p)] = FinOpsWriter.failed(w.key, r);
            }
        }
        create(entity, creates.stream().map(i -> writes[i]).toList(), creates, outcomes, deadline);
        return List.of(outcomes);
    }

    /**
     * Creates records in the company of their old id (or the one written to), carrying key fields only where the
     * record has them; the rest F&amp;O numbers, so the outcome's id comes from its answer.
     */
    private void create(FinOpsEntity entity, List<Write> writes, List<Integer> at, WriteOutcome[] outcomes,
                        Deadline deadline) {
        List<String> addresses = new ArrayList<>();
        List<ObjectNode> bodies = new ArrayList<>();
        for (Write w : writes) {
            Map<String, String> given = new LinkedHashMap<>();
            if (w.company != null) {
                given.put(FinOpsEntity.COMPANY, w.company);
            }
            for (String k : entity.businessKey()) {
                String v = carried(w.record, k);
                if (v != null) {
                    given.put(k, v);
                }
            }
            given.forEach((k, v) -> w.fields.set(k, EdmValueConverter.write(Value.text(v), entity.edmType(k), k)));
            addresses.add(given.keySet().containsAll(entity.key()) ? writer.address(entity, given) : null);
            bodies.add(w.fields);
        }
        List<FinOpsWriter.Created> created = writer.create(entity, addresses, bodies, deadline);
        List<Integer> unnamed = new ArrayList<>();
        String[] ids = new String[writes.size()];
        for (int c = 0; c < writes.size(); c++) {
            FinOpsWriter.Created made = created.get(c);
            if (!made.succeeded()) {
                // a refused create names the record's own key; one of unknown fate, the key it was written at
                outcomes[at.get(c)] = FinOpsWriter.failed(made.result() != null ? writes.get(c).record.key()
                        : writes.get(c).key, made);
                continue;
            }
            ids[c] = idIn(entity, created.get(c).result());
            if (ids[c] == null && addresses.get(c) != null) {
                unnamed.add(c);
            }
        }
        // a create answered without the entity: ask for it, so the id is the service's spelling of the key
        List<BatchSender.Result> looks = writer.get(unnamed.stream().map(addresses::get).toList(), deadline);
        for (int u = 0; u < unnamed.size(); u++) {
            ids[unnamed.get(u)] = idIn(entity, looks.get(u));
        }
        for (int c = 0; c < writes.size(); c++) {
            if (outcomes[at.get(c)] != null) {
                continue;
            }
            outcomes[at.get(c)] = ids[c] == null
                    ? WriteOutcome.failed(writes.get(c).key, null, "F&O created the record but did not answer"
                            + " with its key, so its id is unknown; look for it in " + entity.name()
                            + " before writing it again")
                    : WriteOutcome.inserted(FinOpsIds.parse(entity, ids[c]).key()).withId(ids[c]);
        }
    }

    private static String idIn(FinOpsEntity entity, BatchSender.Result r) {
        if (!r.succeeded() || r.answer().body().isEmpty()) {
            return null;
        }
        return FinOpsIds.of(entity, Json.parse(r.answer().body().getBytes(StandardCharsets.UTF_8),
                "the answer about the created " + entity.name()));
    }

    List<WriteOutcome> delete(FinOpsEntity entity, OrganizationUnit organization, List<String> ids) {
        WriteOutcome[] outcomes = new WriteOutcome[ids.size()];
        List<Integer> sent = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        List<BusinessKey> keys = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            BusinessKey key = null;
            try {
                FinOpsIds.Parsed at = FinOpsIds.parse(entity, ids.get(i));
                key = at.key();
                String company = entity.companySpecific() ? company(at.company(), organization, null) : null;
                addresses.add(writer.address(entity, keyValues(company, key)));
                keys.add(key);
                sent.add(i);
            } catch (RecordException e) {
                outcomes[i] = WriteOutcome.failed(key, e.field(), e.getMessage());
            }
        }
        List<BatchSender.Result> deleted = writer.delete(addresses, writer.deadline());
        for (int s = 0; s < sent.size(); s++) {
            int i = sent.get(s);
            outcomes[i] = FinOpsWriter.gone(deleted.get(s)) ? WriteOutcome.deleted(keys.get(s)).withId(ids.get(i))
                    : FinOpsWriter.failed(keys.get(s), deleted.get(s));
        }
        return List.of(outcomes);
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
