package org.ferry.connectors.operations.internal;

import java.net.URI;
import java.util.ArrayList;
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
import org.ferry.api.data.Value;
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
 * applied, missing means it was not and the POST is sent again. Nothing is created twice.
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

    private interface Task {
        WriteOutcome run(int index);
    }

    /** Runs one virtual thread per record; a RetriableException or ConnectorException of any ends the call. */
    private static List<WriteOutcome> parallel(int count, Task task) {
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
            ObjectNode body = Json.MAPPER.createObjectNode();
            for (Map.Entry<String, Value> e : record.values().entrySet()) {
                String name = e.getKey();
                if (keyValues.containsKey(name) || name.equals(entity.watermark())) {
                    continue;
                }
                String type = entity.field(name).orElseThrow(() -> new RecordException(name,
                        "data entity '" + entity.name() + "' has no field '" + name + "'")).type();
                body.set(name, EdmValueConverter.write(e.getValue(), type, name));
            }
            URI address = address(entity, keyValues);
            ApiResponse patch = client.transport().send(new ApiRequest("PATCH", address, jsonHeaders(),
                    Json.bytes(body), true));
            if (patch.status() == 204 || patch.status() == 200) {
                return WriteOutcome.updated(key);
            }
            if (patch.status() != 404) {
                return failed(key, patch);
            }
            keyValues.forEach((k, v) -> body.set(k, EdmValueConverter.write(Value.text(v), entity.edmType(k), k)));
            return create(entity, key, address, body);
        } catch (RecordException e) {
            return WriteOutcome.failed(key, e.field(), e.getMessage());
        }
    }

    private WriteOutcome create(FinOpsEntity entity, BusinessKey key, URI address, ObjectNode body) {
        URI collection = ODataUrls.uri(client.root(), entity.name(), List.of(Map.entry("cross-company", "true")));
        for (int attempt = 1; ; attempt++) {
            try {
                ApiResponse post = client.transport().send(new ApiRequest("POST", collection, jsonHeaders(),
                        Json.bytes(body), false));
                return post.status() == 201 || post.status() == 200 || post.status() == 204
                        ? WriteOutcome.inserted(key) : failed(key, post);
            } catch (AmbiguousWriteException dropped) {
                ApiResponse look = client.get(address, null);
                if (look.status() == 200) {
                    return WriteOutcome.inserted(key);
                }
                if (look.status() != 404 || attempt >= AMBIGUOUS_RETRIES) {
                    throw new RetriableException("creating " + key.asText() + " lost its connection repeatedly", dropped);
                }
            }
        }
    }

    private WriteOutcome deleteOne(FinOpsEntity entity, OrganizationUnit organization, BusinessKey key) {
        try {
            EntityRecord probe = EntityRecord.builder(entity.name()).key(key).build();
            URI address = address(entity, keyValues(entity, organization, probe, key));
            ApiResponse r = client.transport().send(new ApiRequest("DELETE", address,
                    FinOpsClient.headers(null), null, true));
            return r.status() == 204 || r.status() == 200 || r.status() == 404 ? WriteOutcome.deleted(key)
                    : failed(key, r);
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

    private URI address(FinOpsEntity entity, Map<String, String> keyValues) {
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
    private static WriteOutcome failed(BusinessKey key, ApiResponse r) {
        return WriteOutcome.failed(key, null, ODataErrors.message(r));
    }
}
