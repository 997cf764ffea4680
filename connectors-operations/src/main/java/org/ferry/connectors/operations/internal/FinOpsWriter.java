package org.ferry.connectors.operations.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.ReferenceValue;
import org.ferry.api.data.Value;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.RecordException;
import org.ferry.api.error.RetriableException;
import org.ferry.api.organization.OrganizationUnit;
import org.ferry.connectors.common.http.Deadline;
import org.ferry.connectors.common.odata.BatchSender;
import org.ferry.connectors.common.odata.EdmValueConverter;
import org.ferry.connectors.common.odata.Json;
import org.ferry.connectors.common.odata.MultipartBatch;
import org.ferry.connectors.common.odata.ODataUrls;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes records by business key through OData {@code $batch} ({@link BatchSender}): every record is its own
 * top-level part, never a change set, so one refused record does not roll back the others.
 *
 * <p>F&amp;O has no upsert: PATCH by the composite key updates, and a 404 means the record is missing, so it
 * is then created with POST ({@link FinOpsUpsert} chooses which goes first).
 *
 * <p>PATCH and DELETE by key are idempotent and resent freely. POST is not, so when the answer to a
 * {@code $batch} of creates is lost, the records are looked up by key first (a {@code $batch} of GETs): found
 * means our create was applied, missing means it was not and only those are POSTed again. Nothing is created
 * twice. A record whose key F&amp;O numbers itself cannot be looked up: it fails as unknown instead. Writes by
 * id ({@link FinOpsIdWriter}) go through the same requests.
 *
 * <p>One call of the engine (a batch of records) is one operation for the retry budget: its PATCHes, POSTs and
 * look-ups, with every resend, share one {@link Deadline}.
 */
final class FinOpsWriter {

    /**
     * What a create came to: the POST's answer, or the answer of the GET that found the record after the POST's
     * was lost (it carries the entity as a 201 would); or, when it cannot be told, why.
     */
    record Created(BatchSender.Result result, String unknown) {
        boolean succeeded() {
            return result != null && result.succeeded();
        }
    }

    private final FinOpsClient client;
    private final BatchSender batches;
    /** The service root's path, which every part's target begins with. */
    private final String rootPath;

    FinOpsWriter(FinOpsClient client) {
        this.client = client;
        this.rootPath = URI.create(client.root()).getRawPath();
        this.batches = new BatchSender(client.transport(), URI.create(client.root() + "$batch"),
                FinOpsClient.headers(null), client.batchSize(), client.maxConcurrency());
    }

    /** @return the deadline of one write operation starting now */
    Deadline deadline() {
        return client.transport().retryPolicy().deadline();
    }

    List<WriteOutcome> delete(FinOpsEntity entity, OrganizationUnit organization, List<BusinessKey> keys) {
        WriteOutcome[] outcomes = new WriteOutcome[keys.size()];
        List<Integer> sent = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            BusinessKey key = keys.get(i);
            try {
                EntityRecord probe = EntityRecord.builder(entity.name()).key(key).build();
                addresses.add(address(entity, keyValues(entity, organization, probe, key)));
                sent.add(i);
            } catch (RecordException e) {
                outcomes[i] = WriteOutcome.failed(key, e.field(), e.getMessage());
            }
        }
        List<BatchSender.Result> deleted = delete(addresses, deadline());
        for (int s = 0; s < sent.size(); s++) {
            BusinessKey key = keys.get(sent.get(s));
            outcomes[sent.get(s)] = gone(deleted.get(s)) ? WriteOutcome.deleted(key) : failed(key, deleted.get(s));
        }
        return List.of(outcomes);
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

    /** PATCHes each body to its address, in {@code $batch}es; a PATCH by key may be sent twice. */
    List<BatchSender.Result> patch(List<String> addresses, List<ObjectNode> bodies, Deadline deadline) {
        List<BatchSender.Request> requests = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            String address = addresses.get(i);
            ObjectNode body = bodies.get(i);
            requests.add(new BatchSender.Request(() -> part("PATCH", address, body), true));
        }
        return batches.send(requests, deadline);
    }

    /**
     * POSTs creates in {@code $batch}es. When a batch's answer is lost, its records are looked up at their
     * {@code addresses}: found, the GET's answer stands for the POST's; missing, they are POSTed again.
     *
     * @param addresses where each record will be, {@code null} where F&amp;O generates its key: such a create
     *                  cannot be looked up after a lost answer, and is reported unknown rather than risk a duplicate
     * @throws RetriableException when creates kept losing their answers, or could not be looked up
     */
    List<Created> create(FinOpsEntity entity, List<String> addresses, List<ObjectNode> bodies, Deadline deadline) {
        Created[] created = new Created[bodies.size()];
        String collection = collection(entity);
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            pending.add(i);
        }
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            List<BatchSender.Request> posts = new ArrayList<>();
            pending.forEach(i -> posts.add(new BatchSender.Request(part("POST", collection, bodies.get(i)), false)));
            List<BatchSender.Result> answers = batches.send(posts, deadline);
            List<Integer> lost = new ArrayList<>();
            for (int p = 0; p < pending.size(); p++) {
                int i = pending.get(p);
                if (answers.get(p).fate() != BatchSender.Fate.LOST) {
                    created[i] = new Created(answers.get(p), null);
                } else if (addresses.get(i) == null) {
                    created[i] = new Created(null, "the connection dropped after the create was sent, and F&O "
                            + "numbers this record itself, so whether it was created cannot be told; look for it in "
                            + entity.name() + " before writing it again");
                } else {
                    lost.add(i);
                }
            }
            List<BatchSender.Result> looks = get(lost.stream().map(addresses::get).toList(), deadline);
            pending = new ArrayList<>();
            for (int l = 0; l < lost.size(); l++) {
                int i = lost.get(l);
                BatchSender.Result look = looks.get(l);
                if (look.succeeded()) {
                    created[i] = new Created(look, null);
                } else if (look.status() == 404 && attempt < client.transport().retryPolicy().maxAttempts()) {
                    pending.add(i);
                } else {
                    throw new RetriableException("creating " + path(addresses.get(i))
                            + " lost its connection repeatedly", null, null);
                }
            }
        }
        return List.of(created);
    }

    /** POSTs each body once, made when its request goes; a lost answer is the caller's to settle. */
    List<BatchSender.Result> postOnce(FinOpsEntity entity, List<java.util.function.Supplier<ObjectNode>> bodies,
                                      Deadline deadline) {
        String collection = collection(entity);
        return batches.send(bodies.stream().map(b -> new BatchSender.Request(() -> part("POST", collection, b.get()),
                false)).toList(), deadline);
    }

    private String collection(FinOpsEntity entity) {
        URI uri = ODataUrls.uri(client.root(), entity.name(), List.of(Map.entry(FinOpsClient.CROSS_COMPANY, "true")));
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /** GETs each address, in {@code $batch}es. */
    List<BatchSender.Result> get(List<String> addresses, Deadline deadline) {
        return batches.send(addresses.stream().map(a -> new BatchSender.Request(part("GET", a, null), true)).toList(),
                deadline);
    }

    /** DELETEs each address, in {@code $batch}es; a DELETE by key may be sent twice. */
    List<BatchSender.Result> delete(List<String> addresses, Deadline deadline) {
        return batches.send(addresses.stream().map(a -> new BatchSender.Request(part("DELETE", a, null), true)).toList(),
                deadline);
    }

    /** A delete that found nothing to delete did what was asked (it may be our own resent one). */
    static boolean gone(BatchSender.Result r) {
        return r.succeeded() || r.fate() == BatchSender.Fate.ANSWERED && r.status() == 404;
    }

    /**
     * A part addressed by absolute path and query, as the batch's own request is: the service root is the same.
     *
     * @param target what {@link #address} or {@link #collection} made
     */
    private static MultipartBatch.Part part(String method, String target, ObjectNode body) {
        return new MultipartBatch.Part(method, target, body == null ? FinOpsClient.headers(null) : jsonHeaders(),
                body == null ? null : Json.bytes(body));
    }

    /** The entity key's values in key order, the company found as the class comment of FinOpsEntity says. */
    static Map<String, String> keyValues(FinOpsEntity entity, OrganizationUnit organization,
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

    /**
     * @return the record's address as a {@code $batch} part's target: the absolute path and query. Text, not a
     *         {@link URI}: parsing one per record cost more than building its key predicate, whose literals are
     *         percent-encoded already ({@link ODataUrls#keyPredicate}).
     */
    String address(FinOpsEntity entity, Map<String, String> keyValues) {
        Map<String, String> literals = new LinkedHashMap<>();
        keyValues.forEach((k, v) -> literals.put(k, ODataUrls.literal(v, entity.edmType(k))));
        return rootPath + entity.name() + ODataUrls.keyPredicate(literals) + "?cross-company=true";
    }

    /** @return an address's path, without its query */
    private static String path(String address) {
        int query = address.indexOf('?');
        return query < 0 ? address : address.substring(0, query);
    }

    private static Map<String, String> jsonHeaders() {
        Map<String, String> h = FinOpsClient.headers(null);
        h.put("Content-Type", "application/json");
        return h;
    }

    /** F&amp;O's outer message is always "An error has occurred."; the infolog in innererror says what. */
    static WriteOutcome failed(BusinessKey key, BatchSender.Result r) {
        return WriteOutcome.failed(key, null, r.message());
    }

    static WriteOutcome failed(BusinessKey key, Created c) {
        return c.result() == null ? WriteOutcome.failed(key, null, c.unknown()) : failed(key, c.result());
    }
}
