package org.ferry.connectors.sales.internal;

import java.net.URI;
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
 * Turns records, keys and ids into Web API operations: URLs addressed by alternate key or GUID, JSON bodies
 * with converted values, and lookups as {@code @odata.bind} to the related record's GUID or alternate key.
 */
final class DataversePayloads {
    private final DataverseClient client;

    DataversePayloads(DataverseClient client) {
        this.client = client;
    }

    /**
     * @return {@code accounts(accountnumber='A''1')}, or {@code salesorderdetails(_salesorderid_value=<guid>,
     *         sequencenumber=1)}: the record's address by the given key, which must be an alternate key of the
     *         table (or its id). A lookup part of the key holds the related record's business key, which
     *         {@code ids} turns into the GUID the URL needs.
     */
    String address(EntityModel model, BusinessKey key, AlternateKeyResolver ids) {
        List<String> fields = key.fields();
        if (fields.size() == 1 && fields.get(0).equals(model.primaryKey())) {
            return model.entitySet() + "(" + ODataUrls.encodePath(key.get(model.primaryKey())) + ")";
        }
        if (!model.altKeys().contains(fields) && !model.altKeys().stream()
                .anyMatch(k -> k.size() == fields.size() && k.containsAll(fields))) {
            throw new RecordException(fields.get(0), "(" + String.join(", ", fields)
                    + ") is not an alternate key of table '" + model.name() + "'; define one in Dataverse");
        }
        Map<String, String> literals = new LinkedHashMap<>();
        for (String f : fields) {
            EntityModel.FieldModel fm = model.field(f).orElseThrow(() -> new RecordException(f,
                    "table '" + model.name() + "' has no column '" + f + "'"));
            String literal = fm.isLookup()
                    ? ids.idOf(f, List.copyOf(fm.navByTarget().keySet()), key.get(f))
                    : ODataUrls.literal(key.get(f), fm.edmType());
            literals.put(fm.column(), literal);
        }
        return model.entitySet() + ODataUrls.keyPredicate(literals);
    }

    /** @return a PATCH upsert of the record by its key, asking for the id only in the answer */
    MultipartBatch.Part upsert(EntityModel model, EntityRecord record, AlternateKeyResolver ids) {
        BusinessKey key = record.key();
        if (key == null) {
            throw new RecordException(null, "the record has no business key");
        }
        // Dataverse takes key values from the URL; repeating them is refused for existing records
        ObjectNode body = body(model, record, key.parts().keySet(), ids);
        return patch(model, address(model, key, ids), body, false);
    }

    /**
     * @return a create-only PATCH of the record at a GUID the caller chose: without {@code If-Match} a PATCH to a new
     *         primary key is an upsert that creates the record with that id, and {@code If-None-Match: *} stops it
     *         from updating one that exists, answering 412 instead (reference §2.5; Microsoft's "Upsert a table row"
     *         names this as the way to create a record with a specific id, "Prevent update in upsert" the header).
     *         So it can be sent again after a lost answer: the resend creates the record or finds it created, where
     *         a POST, Dataverse picking the id, would create it twice.
     */
    MultipartBatch.Part create(EntityModel model, String id, EntityRecord record, AlternateKeyResolver ids) {
        ObjectNode body = body(model, record, Set.of(), ids);
        return patch(model, byId(model, null, id), body, true);
    }

    /**
     * @return a PATCH of the record by its GUID without {@code If-Match}: an upsert, so a record deleted since is
     *         created again with the same GUID and the key map stays true
     */
    MultipartBatch.Part writeById(EntityModel model, String id, EntityRecord record, AlternateKeyResolver ids) {
        ObjectNode body = body(model, record, Set.of(), ids);
        return patch(model, byId(model, null, id), body, false);
    }

    MultipartBatch.Part delete(EntityModel model, BusinessKey key, AlternateKeyResolver ids) {
        return new MultipartBatch.Part("DELETE", path(address(model, key, ids)), Map.of(), null);
    }

    MultipartBatch.Part deleteById(EntityModel model, String id) {
        return new MultipartBatch.Part("DELETE", path(byId(model, null, id)), Map.of(), null);
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
    private ObjectNode body(EntityModel model, EntityRecord record, Set<String> skipped, AlternateKeyResolver ids) {
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
                bind(body, f, e.getValue(), ids);
            } else {
                body.set(f.column(), EdmValueConverter.write(e.getValue(), f.edmType(), name));
            }
        }
        return body;
    }

    private void bind(ObjectNode body, EntityModel.FieldModel f, Value value, AlternateKeyResolver ids) {
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
        EntityModel target = client.entity(ref.entity());
        // by id when there is one: the engine put the related record's id here, resolved through a key map, and
        // the key beside it may be one Dataverse cannot search by
        String address = ref.id() != null ? byId(target, f.name(), ref.id()) : address(target, ref.key(), ids);
        // the navigation property of the reference's own table: customerid_contact for a contact
        body.put(nav + "@odata.bind", "/" + address);
    }

    /** The request-target inside a batch: the absolute path, as in the Web API documentation's examples. */
    private String path(String relative) {
        URI uri = URI.create(client.root() + relative);
        return uri.getRawPath();
    }
}
