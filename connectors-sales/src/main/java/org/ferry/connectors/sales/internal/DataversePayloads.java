package org.ferry.connectors.sales.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.ReferenceValue;
import org.ferry.api.data.Value;
import org.ferry.api.error.RecordException;
import org.ferry.connectors.common.odata.EdmValueConverter;
import org.ferry.connectors.common.odata.Json;
import org.ferry.connectors.common.odata.MultipartBatch;
import org.ferry.connectors.common.odata.ODataUrls;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns records, keys and ids into Web API operations: URLs, JSON bodies with converted values, and lookups as
 * {@code @odata.bind}.
 *
 * <p>How a record is addressed follows what the table offers. By an Active alternate key when the record's key is
 * one and its values can travel in a URL ({@link EntityModel#addressableBy}): one request, Dataverse finds the record.
 * Otherwise (most tables have no alternate key, and key values may hold characters alternate-key URLs refuse) the
 * record is found by {@code $filter} on its key fields ({@link RecordFinder}, many records to a query) and written
 * by its GUID; a record not found is created at a GUID chosen here, create-only, so a create whose answer was lost
 * can be sent again without making a second record. Lookups follow the same rule for the related record.
 */
final class DataversePayloads {
    /** The related record a write refers to does not exist: an upsert fails on it, a delete knows it is gone too. */
    static final class NotFound extends RecordException {
        private static final long serialVersionUID = 1L;

        NotFound(String field, String message) {
            super(field, message);
        }
    }

    private final DataverseClient client;

    DataversePayloads(DataverseClient client) {
        this.client = client;
    }

    /**
     * Finds, in as few queries as possible, the records a chunk of upserts addresses by {@code $filter}: first the
     * related records its lookups name, then the records themselves (whose key may include a lookup). A record that
     * cannot be prepared is left for {@link #upsert} to fail.
     *
     * @param byKey whether the records are written by their business key (else by id: only their lookups are found)
     */
    void prefetch(EntityModel model, Collection<EntityRecord> records, RecordFinder finder, boolean byKey) {
        prefetch(model, records, finder, byKey, false);
    }

    /** @param byId whether the records will be written by GUID even where an alternate key could address them */
    void prefetch(EntityModel model, Collection<EntityRecord> records, RecordFinder finder, boolean byKey, boolean byId) {
        Map<EntityModel, List<Map<String, String>>> related = new LinkedHashMap<>();
        for (EntityRecord r : records) {
            for (Map.Entry<String, Value> e : r.values().entrySet()) {
                EntityModel.FieldModel f = model.field(e.getKey()).orElse(null);
                if (f != null && f.isLookup() && e.getValue() instanceof ReferenceValue ref && ref.id() == null
                        && ref.key() != null && f.navByTarget().containsKey(ref.entity())) {
                    try {
                        EntityModel target = client.table(ref.entity());
                        if (!target.addressableBy(ref.key()) || f.name().equals(keyLookupOf(model, r.key(), f.name()))) {
                            related.computeIfAbsent(target, t -> new ArrayList<>()).add(criteria(target, ref.key(), null, finder));
                        }
                    } catch (RecordException | org.ferry.api.error.ConfigurationException ex) {
                        // failed on its own when the record is prepared
                    }
                }
            }
        }
        related.forEach((table, criteria) -> finder.prefetch(table, criteria));
        List<Map<String, String>> own = new ArrayList<>();
        for (EntityRecord r : records) {
            if (byKey && r.key() != null && (byId || !model.addressableBy(r.key()))) {
                try {
                    own.add(criteria(model, r.key(), r, finder));
                } catch (RecordException ex) {
                    // failed on its own when the record is prepared
                }
            }
        }
        finder.prefetch(model, own);
    }

    /** @return the name of {@code field} if it is part of {@code key}, else null */
    private static String keyLookupOf(EntityModel model, BusinessKey key, String field) {
        return key != null && key.fields().contains(field) ? field : null;
    }

    /**
     * @return the write of a record by its business key: a PATCH upsert by alternate key, a PATCH by the GUID of the
     *         record found by its key, or a create-only PATCH at {@code newId} when there is none
     */
    ODataBatchWriter.Operation upsert(EntityModel model, EntityRecord record, RecordFinder finder, ChosenIds chosen) {
        return upsert(model, record, finder, chosen, false);
    }

    /**
     * @param byId write by GUID even where an alternate key could address the record: a bulk message says nothing of
     *             what it created, and finding the records first tells
     */
    ODataBatchWriter.Operation upsert(EntityModel model, EntityRecord record, RecordFinder finder, ChosenIds chosen,
                                      boolean byId) {
        BusinessKey key = record.key();
        if (key == null) {
            throw new RecordException(null, "the record has no business key");
        }
        if (!byId && model.addressableBy(key)) {
            // Dataverse takes key values from the URL; repeating them is refused for existing records
            ObjectNode body = body(model, record, key.parts().keySet(), finder);
            return new ODataBatchWriter.Operation(key, patch(model, byKey(model, key, record, finder), body, false),
                    ODataBatchWriter.Kind.UPSERT, null, model.primaryKey());
        }
        Map<String, String> criteria = criteria(model, key, record, finder);
        ObjectNode body = body(model, record, Set.of(), finder);
        withKeyValues(model, key, body);
        String found = finder.guid(model, criteria).orElse(null);
        if (found != null) {
            return new ODataBatchWriter.Operation(key, patch(model, byId(model, null, found), body, false),
                    ODataBatchWriter.Kind.UPSERT, found, model.primaryKey());
        }
        String id = chosen.idFor(record);
        finder.created(model, criteria, id);
        return new ODataBatchWriter.Operation(key, patch(model, byId(model, null, id), body, true),
                ODataBatchWriter.Kind.CREATE, id, model.primaryKey());
    }

    /**
     * @return a create-only PATCH of the record at a GUID the caller chose: without {@code If-Match} a PATCH to a new
     *         primary key is an upsert that creates the record with that id, and {@code If-None-Match: *} stops it
     *         from updating one that exists, answering 412 instead (reference §2.5; Microsoft's "Upsert a table row"
     *         names this as the way to create a record with a specific id, "Prevent update in upsert" the header).
     *         So it can be sent again after a lost answer: the resend creates the record or finds it created, where
     *         a POST, Dataverse picking the id, would create it twice.
     */
    MultipartBatch.Part create(EntityModel model, String id, EntityRecord record, RecordFinder finder) {
        ObjectNode body = body(model, record, Set.of(), finder);
        return patch(model, byId(model, null, id), body, true);
    }

    /**
     * @return a PATCH of the record by its GUID without {@code If-Match}: an upsert, so a record deleted since is
     *         created again with the same GUID and the key map stays true
     */
    MultipartBatch.Part writeById(EntityModel model, String id, EntityRecord record, RecordFinder finder) {
        ObjectNode body = body(model, record, Set.of(), finder);
        return patch(model, byId(model, null, id), body, false);
    }

    /**
     * @return the delete of the record with this key, by alternate key or by the GUID of the record found by it
     * @throws NotFound when no record has the key (nothing to delete)
     */
    MultipartBatch.Part delete(EntityModel model, BusinessKey key, RecordFinder finder) {
        if (model.addressableBy(key)) {
            return new MultipartBatch.Part("DELETE", path(byKey(model, key, null, finder)), Map.of(), null);
        }
        String id = finder.guid(model, criteria(model, key, null, finder)).orElseThrow(() ->
                new NotFound(null, model.name() + " " + key.asText() + " does not exist"));
        return new MultipartBatch.Part("DELETE", path(byId(model, null, id)), Map.of(), null);
    }

    MultipartBatch.Part deleteById(EntityModel model, String id) {
        return new MultipartBatch.Part("DELETE", path(byId(model, null, id)), Map.of(), null);
    }

    /**
     * Puts the key's values into a body that does not carry them: written by GUID, the record gets its key from the
     * body, where an alternate-key URL would have given it. A lookup part is bound from the record's own reference.
     */
    private static void withKeyValues(EntityModel model, BusinessKey key, ObjectNode body) {
        for (String f : key.fields()) {
            EntityModel.FieldModel fm = model.field(f).orElse(null);
            if (fm != null && !fm.isLookup() && !fm.readOnly() && !body.has(fm.column())) {
                Value typed = EdmValueConverter.read(com.fasterxml.jackson.databind.node.TextNode.valueOf(key.get(f)),
                        fm.edmType(), f);
                body.set(fm.column(), EdmValueConverter.write(typed, fm.edmType(), f));
            }
        }
    }

    /**
     * The values that name a record in a {@code $filter}: column to literal. A part of the key that is a lookup (a
     * line's order) is matched by the related record's GUID, which the record's reference gives or leads to.
     *
     * @param record the record the key belongs to, whose references name the related records of lookup parts; {@code
     *               null} for a bare key (a delete), whose lookup parts can then only be its related records' ids
     */
    Map<String, String> criteria(EntityModel model, BusinessKey key, EntityRecord record, RecordFinder finder) {
        Map<String, String> criteria = new LinkedHashMap<>();
        for (String f : key.fields()) {
            EntityModel.FieldModel fm = model.field(f).orElseThrow(() -> new RecordException(f,
                    "table '" + model.name() + "' has no column '" + f + "'"));
            String text = key.get(f);
            if (fm.isLookup()) {
                Value v = record == null ? null : record.get(f);
                if (v instanceof ReferenceValue ref) {
                    criteria.put(fm.column(), guidOf(fm, ref, finder));
                } else if (text != null && DataverseIds.GUID.matcher(text).matches()) {
                    criteria.put(fm.column(), text);
                } else {
                    throw new RecordException(f, "the key part '" + f + "' refers to a " + String.join(" or ",
                            fm.navByTarget().keySet()) + " by '" + text + "', which cannot be searched without the"
                            + " related record's key fields");
                }
            } else {
                String literal = literal(text, fm.edmType());
                if (literal == null) {
                    throw new RecordException(f, "'" + text + "' cannot be a value of " + model.name() + "." + f
                            + " (" + fm.edmType() + ")");
                }
                criteria.put(fm.column(), literal);
            }
        }
        return criteria;
    }

    /**
     * @return the GUID of the record a reference names: its id, or the record found by its key
     * @throws NotFound when no record has that key
     */
    private String guidOf(EntityModel.FieldModel f, ReferenceValue ref, RecordFinder finder) {
        if (ref.id() != null) {
            return DataverseIds.check(f.name(), ref.id());
        }
        if (ref.key() == null) {
            throw new RecordException(f.name(), f.name() + " refers to a " + ref.entity() + " without a key or an id");
        }
        EntityModel target = client.table(ref.entity());
        return finder.guid(target, criteria(target, ref.key(), null, finder)).orElseThrow(() -> new NotFound(f.name(),
                f.name() + " refers to " + ref.entity() + " with " + describe(ref.key())
                        + ", which does not exist; write it first or correct the key"));
    }

    private static String describe(BusinessKey key) {
        List<String> parts = new ArrayList<>();
        key.parts().forEach((k, v) -> parts.add(k + " '" + v + "'"));
        return String.join(", ", parts);
    }

    /**
     * @return {@code accounts(accountnumber='A''1')}, or {@code salesorderdetails(_salesorderid_value=<guid>,
     *         sequencenumber=1)}: the record's address by an alternate key. A lookup part is given by the related
     *         record's GUID.
     */
    private String byKey(EntityModel model, BusinessKey key, EntityRecord record, RecordFinder finder) {
        Map<String, String> literals = new LinkedHashMap<>();
        for (String f : key.fields()) {
            EntityModel.FieldModel fm = model.field(f).orElseThrow(() -> new RecordException(f,
                    "table '" + model.name() + "' has no column '" + f + "'"));
            literals.put(fm.column(), fm.isLookup() ? criteria(model, BusinessKey.of(f, key.get(f)), record, finder)
                    .get(fm.column()) : ODataUrls.literal(key.get(f), fm.edmType()));
        }
        return model.entitySet() + ODataUrls.keyPredicate(literals);
    }

    /**
     * Asks for the id only in the answer: Dataverse then says 201 for a create and 200 for an update (the
     * statistics need which), and the body's id is the record's GUID as reads give it.
     *
     * @param createOnly send {@code If-None-Match: *}, which in a batch part overrides the batch's {@code null}
     */
    private MultipartBatch.Part patch(EntityModel model, String address, ObjectNode body, boolean createOnly) {
        String target = path(address) + (model.primaryKey() == null ? "" : "?$select=" + model.primaryKey());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; type=entry");
        headers.put("Prefer", "return=representation");
        if (createOnly) {
            headers.put("If-None-Match", "*");
        }
        return new MultipartBatch.Part("PATCH", target, headers, Json.bytes(body));
    }

    /** @return {@code accounts(<guid>)} */
    private static String byId(EntityModel model, String field, String id) {
        if (model.primaryKey() == null) {
            throw new RecordException(field, "table '" + model.name() + "' has no primary key to address records by id");
        }
        return model.entitySet() + "(" + DataverseIds.check(field, id) + ")";
    }

    /** The record's writable values as the JSON body, leaving out {@code skipped} fields. */
    private ObjectNode body(EntityModel model, EntityRecord record, Set<String> skipped, RecordFinder finder) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        for (Map.Entry<String, Value> e : record.values().entrySet()) {
            String name = e.getKey();
            if (skipped.contains(name)) {
                continue;
            }
            EntityModel.FieldModel f = model.field(name).orElseThrow(() -> new RecordException(name,
                    "table '" + model.name() + "' has no column '" + name + "'"));
            if (f.readOnly()) {
                continue;
            }
            if (f.isLookup()) {
                bind(body, f, e.getValue(), finder);
            } else {
                body.set(f.column(), EdmValueConverter.write(e.getValue(), f.edmType(), name));
            }
        }
        return body;
    }

    private void bind(ObjectNode body, EntityModel.FieldModel f, Value value, RecordFinder finder) {
        if (value == null) {
            // clearing through any of a polymorphic lookup's navigation properties empties the one column
            body.putNull(f.navByTarget().values().iterator().next() + "@odata.bind");
            return;
        }
        if (!(value instanceof ReferenceValue ref)) {
            throw new RecordException(f.name(), f.name() + " is a lookup; it needs a reference, not '"
                    + value.asText() + "'");
        }
        String nav = f.navByTarget().get(ref.entity());
        if (nav == null) {
            throw new RecordException(f.name(), f.name() + " cannot refer to a '" + ref.entity() + "'; it refers to "
                    + String.join(", ", f.navByTarget().keySet()));
        }
        EntityModel target = client.table(ref.entity());
        // by id when there is one (a key map resolved it), by alternate key when the related table has one that can
        // travel in a URL, else by the GUID of the record found by its key
        boolean byKey = ref.id() == null && target.addressableBy(ref.key())
                && ref.key().fields().stream().noneMatch(k -> target.field(k).map(EntityModel.FieldModel::isLookup).orElse(false));
        String address = byKey ? byKey(target, ref.key(), null, finder) : byId(target, f.name(), guidOf(f, ref, finder));
        // the navigation property of the reference's own table: customerid_contact for a contact
        body.put(nav + "@odata.bind", "/" + address);
    }

    /** @return {@code 'x'}, {@code 12}, a GUID…: the literal of a key value, or null if it cannot be one of its type */
    static String literal(String value, String edmType) {
        String type = edmType == null ? "Edm.String" : edmType;
        return switch (type) {
            case "Edm.Int16", "Edm.Int32", "Edm.Int64", "Edm.Byte", "Edm.SByte", "Edm.Decimal", "Edm.Double",
                 "Edm.Single" -> value != null && value.matches("-?\\d+(\\.\\d+)?") ? value : null;
            case "Edm.Guid" -> value != null && DataverseIds.GUID.matcher(value).matches() ? value : null;
            case "Edm.Boolean" -> "true".equals(value) || "false".equals(value) ? value : null;
            default -> value == null ? null : ODataUrls.literal(value, type);
        };
    }

    /** The request-target inside a batch: the absolute path, as in the Web API documentation's examples. */
    private String path(String relative) {
        URI uri = URI.create(client.root() + relative);
        return uri.getRawPath();
    }
}
