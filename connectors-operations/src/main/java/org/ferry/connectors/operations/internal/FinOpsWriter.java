package org.ferry.connectors.operations.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.ReferenceValue;
import org.ferry.api.data.Value;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.FerryException;
import org.ferry.api.error.RecordException;
import org.ferry.api.error.RetriableException;
import org.ferry.api.organization.OrganizationUnit;
import org.ferry.connectors.common.http.AmbiguousWriteException;
import org.ferry.connectors.common.http.ApiRequest;
import org.ferry.connectors.common.http.ApiResponse;
import org.ferry.connectors.common.odata.EdmValueConverter;
import org.ferry.connectors.common.odata.Json;
import org.ferry.connectors.common.odata.ODataErrors;
import org.ferry.connectors.common.odata.ODataUrls;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes records one request each, many at once (the connection's gate caps how many are in flight).
 *
 * <p>F&amp;O has no upsert: PATCH by the composite key updates, and a 404 means the record is missing, so it
 * is then created with POST. PATCH and DELETE by key are idempotent and retried freely; POST is not, so
 * when a POST loses its connection the record is looked up by key first: found means our create was
 * applied, missing means it was not and the POST is sent again. Nothing is created twice. Writes by id
 * ({@link FinOpsIdWriter}) go through the same requests.
 */
final class FinOpsWriter {
    private static final int AMBIGUOUS_RETRIES = 5;

    private final FinOpsClient client;

    FinOpsWriter(FinOpsClient client) {
        this.client = client;
    }

    List<WriteOutcome> upsert(FinOpsEntity entity, OrganizationUnit organization, List<EntityRecord> records) {
        return parallel(records.size(), i -> upsertOne(entity, organization, records.get(i)));
    }

    List<WriteOutcome> delete(FinOpsEntity entity, OrganizationUnit organization, List<BusinessKey> keys) {
        return parallel(keys.size(), i -> deleteOne(entity, organization, keys.get(i)));
    }

    interface Task {
        WriteOutcome run(int index);
    }

    /** Runs one virtual thread per record; a RetriableException or ConnectorException of any ends the call. */
    static List<WriteOutcome> parallel(int count, Task task) {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<WriteOutcome>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> task.run(index)));
            }
            List<WriteOutcome> outcomes = new ArrayList<>(count);
            for (Future<WriteOutcome> f : futures) {
                outcomes.add(f.get());
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted while writing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FerryException fe) {
                throw fe;
            }
            throw new IllegalStateException("a write failed unexpectedly", e.getCause());
        }
    }

    private WriteOutcome upsertOne(FinOpsEntity entity, OrganizationUnit organization, EntityRecord record) {
        BusinessKey key = record.key();
        try {
            Map<String, String> keyValues = keyValues(entity, organization, record, key);
            ObjectNode body = fields(entity, record, keyValues.keySet());
            URI address = address(entity, keyValues);
            ApiResponse patch = patch(address, body);
            if (succeeded(patch)) {
                return WriteOutcome.updated(key);
            }
            if (patch.status() != 404) {
                return failed(key, patch);
            }
            keyValues.forEach((k, v) -> body.set(k, EdmValueConverter.write(Value.text(v), entity.edmType(k), k)));
            ApiResponse post = post(entity, address, body);
            return succeeded(post) ? WriteOutcome.inserted(key) : failed(key, post);
        } catch (RecordException e) {
            return WriteOutcome.failed(key, e.field(), e.getMessage());
        }
    }

    /**
     * The record's fields as an OData body, leaving out {@code skip} (the key, which the URL carries) and the
     * modified date, which F&amp;O stamps itself.
     */
    ObjectNode fields(FinOpsEntity entity, EntityRecord record, Collection<String> skip) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        for (Map.Entry<String, Value> e : record.values().entrySet()) {
            String name = e.getKey();
            if (skip.contains(name) || name.equals(entity.watermark())) {
                continue;
            }
            String type = entity.field(name).orElseThrow(() -> new RecordException(name,
                    "data entity '" + entity.name() + "' has no field '" + name + "'")).type();
            Value value = e.getValue() instanceof ReferenceValue ref ? Value.text(referencedKey(name, ref)) : e.getValue();
            body.set(name, EdmValueConverter.write(value, type, name));
        }
        return body;
    }

    /**
     * F&amp;O data entities bind no navigation properties on write: a lookup is a plain field holding the related
     * record's key within the same company ({@code OrderingCustomerAccountNumber} holds a {@code CustomerAccount}),
     * so a reference is written as that key's value. A reference by id (through a key map) carries the related
     * record's id, {@code company|key}: its company part is dropped, as the field holds the key alone and the
     * related record is one of the written record's company.
     */
    String referencedKey(String field, ReferenceValue ref) {
        BusinessKey key = ref.key();
        if (key == null) {
            try {
                key = FinOpsIds.parse(client.entity(ref.entity()), ref.id()).key();
            } catch (ConfigurationException | RecordException e) {
                throw new RecordException(field, field + " refers to a record of " + ref.entity() + ": " + e.getMessage());
            }
        }
        List<String> parts = key.fields().stream().filter(f -> !f.equals(FinOpsEntity.COMPANY)).toList();
        if (parts.size() != 1) {
            throw new RecordException(field, field + " holds one key value, but " + ref.entity() + " '" + ref.asText()
                    + "' is identified by " + String.join(", ", parts));
        }
        return key.get(parts.get(0));
    }

    ApiResponse patch(URI address, ObjectNode body) {
        return client.transport().send(new ApiRequest("PATCH", address, jsonHeaders(), Json.bytes(body), true));
    }

    /**
     * POSTs a create. When the connection drops after sending, the record is looked up at {@code address}: found,
     * its GET answer stands for the POST's (it carries the entity as a 201 would); missing, the POST is sent again.
     *
     * @param address where the record will be, or {@code null} when F&amp;O generates its key: a dropped create
     *                then cannot be looked up, and the record fails rather than risk a duplicate
     */
    ApiResponse post(FinOpsEntity entity, URI address, ObjectNode body) {
        URI collection = ODataUrls.uri(client.root(), entity.name(), List.of(Map.entry("cross-company", "true")));
        for (int attempt = 1; ; attempt++) {
            try {
                return client.transport().send(new ApiRequest("POST", collection, jsonHeaders(), Json.bytes(body), false));
            } catch (AmbiguousWriteException dropped) {
                if (address == null) {
                    throw new RecordException(null, "the connection dropped after the create was sent, and F&O "
                            + "numbers this record itself, so whether it was created cannot be told; look for it in "
                            + entity.name() + " before writing it again");
                }
                ApiResponse look = client.get(address, null);
                if (look.status() == 200) {
                    return look;
                }
                if (look.status() != 404 || attempt >= AMBIGUOUS_RETRIES) {
                    throw new RetriableException("creating " + address.getRawPath() + " lost its connection repeatedly",
                            dropped);
                }
            }
        }
    }

    ApiResponse get(URI address) {
        return client.get(address, null);
    }

    ApiResponse delete(URI address) {
        return client.transport().send(new ApiRequest("DELETE", address, FinOpsClient.headers(null), null, true));
    }

    static boolean succeeded(ApiResponse r) {
        return r.status() == 200 || r.status() == 201 || r.status() == 204;
    }

    private WriteOutcome deleteOne(FinOpsEntity entity, OrganizationUnit organization, BusinessKey key) {
        try {
            EntityRecord probe = EntityRecord.builder(entity.name()).key(key).build();
            ApiResponse r = delete(address(entity, keyValues(entity, organization, probe, key)));
            return succeeded(r) || r.status() == 404 ? WriteOutcome.deleted(key) : failed(key, r);
        } catch (RecordException e) {
            return WriteOutcome.failed(key, e.field(), e.getMessage());
        }
    }

    /** The entity key's values in key order, the company found as the class comment of FinOpsEntity says. */
    private static Map<String, String> keyValues(FinOpsEntity entity, OrganizationUnit organization,
                                                 EntityRecord record, BusinessKey key) {
        if (key == null) {
            throw new RecordException(null, "the record has no business key");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String k : entity.key()) {
            String v = key.get(k);
            if (v == null && k.equals(FinOpsEntity.COMPANY)) {
                v = organization != null ? organization.id() : record.organization();
            }
            if (v == null && record.get(k) != null) {
                v = record.get(k).asText();
            }
            if (v == null || v.isEmpty()) {
                throw new RecordException(k, k.equals(FinOpsEntity.COMPANY)
                        ? "no legal entity: write with an organization unit or a dataAreaId"
                        : "key field '" + k + "' has no value");
            }
            values.put(k, v);
        }
        return values;
    }

    URI address(FinOpsEntity entity, Map<String, String> keyValues) {
        Map<String, String> literals = new LinkedHashMap<>();
        keyValues.forEach((k, v) -> literals.put(k, ODataUrls.literal(v, entity.edmType(k))));
        return URI.create(client.root() + entity.name() + ODataUrls.keyPredicate(literals) + "?cross-company=true");
    }

    private static Map<String, String> jsonHeaders() {
        Map<String, String> h = FinOpsClient.headers(null);
        h.put("Content-Type", "application/json");
        return h;
    }

    /** F&amp;O's outer message is always "An error has occurred."; the infolog in innererror says what. */
    static WriteOutcome failed(BusinessKey key, ApiResponse r) {
        return WriteOutcome.failed(key, null, ODataErrors.message(r));
    }
}
