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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes records by business key through OData {@code $batch} ({@link BatchSender}): every record is its own
 * top-level part, never a change set, so one refused record does not roll back the others.
 *
 * <p>F&amp;O has no upsert: PATCH by the composite key updates, and a 404 means the record is missing, so it
 * is then created with POST. So a batch of records is one {@code $batch} of PATCHes, then one of POSTs for the
 * PATCHes answered 404: two requests for a batch of new records where one record each used to cost two.
 * When a call found most of its records missing (a first load), the next call of that entity turns the order
 * round: POSTs first, then PATCHes for the creates refused; most records then cost one part instead of two, and
 * a call that finds most records existing turns it back. The first call of an entity, when large, decides on its
 * first {@value #PROBE} records, written updates first, before the rest go.
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

    /** Records of an entity's first large call that are written first, updates first, to choose the order. */
    static final int PROBE = 100;

    private final FinOpsClient client;
    private final BatchSender batches;
    /** Entities whose last call found most of its records missing: their next call creates first. */
    private final java.util.Set<String> createFirst = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Entities this connection wrote before: the order of their calls follows the last one. */
    private final java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();

    FinOpsWriter(FinOpsClient client) {
        this.client = client;
        this.batches = new BatchSender(client.transport(), URI.create(client.root() + "$batch"),
                FinOpsClient.headers(null), client.batchSize(), client.maxConcurrency());
    }

    /** @return the deadline of one write operation starting now */
    Deadline deadline() {
        return client.transport().retryPolicy().deadline();
    }

    List<WriteOutcome> upsert(FinOpsEntity entity, OrganizationUnit organization, List<EntityRecord> records) {
        Deadline deadline = deadline();
        WriteOutcome[] outcomes = new WriteOutcome[records.size()];
        Batch batch = new Batch(records, outcomes);
        for (int i = 0; i < records.size(); i++) {
            EntityRecord record = records.get(i);
            try {
                Map<String, String> keyValues = keyValues(entity, organization, record, record.key());
                batch.bodies.add(fields(entity, record, keyValues.keySet()));
                batch.addresses.add(address(entity, keyValues));
                batch.keys.add(keyValues);
                batch.sent.add(i);
            } catch (RecordException e) {
                outcomes[i] = WriteOutcome.failed(record.key(), e.field(), e.getMessage());
            }
        }
        if (seen.add(entity.name()) && batch.sent().size() >= 2 * PROBE) {
            // the first call of an entity: a few records tell whether the rest are new, before all are PATCHed
            updateThenCreate(entity, batch.slice(0, PROBE), deadline);
            batch = batch.slice(PROBE, batch.sent().size());
        }
        if (createFirst.contains(entity.name())) {
            createThenUpdate(entity, batch, deadline);
        } else {
            updateThenCreate(entity, batch, deadline);
        }
        return List.of(outcomes);
    }

    /** The records of one call that were sent, by their position {@code s} in {@link #sent}. */
    private record Batch(List<EntityRecord> records, WriteOutcome[] outcomes, List<Integer> sent, List<URI> addresses,
                         List<ObjectNode> bodies, List<Map<String, String>> keys) {
        Batch(List<EntityRecord> records, WriteOutcome[] outcomes) {
            this(records, outcomes, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        BusinessKey key(int s) {
            return records.get(sent.get(s)).key();
        }

        /** The sent records at positions {@code from} (inclusive) to {@code to}, answering into the same outcomes. */
        Batch slice(int from, int to) {
            return new Batch(records, outcomes, sent.subList(from, to), addresses.subList(from, to),
                    bodies.subList(from, to), keys.subList(from, to));
        }

        void outcome(int s, WriteOutcome outcome) {
            outcomes[sent.get(s)] = outcome;
        }
    }

    /** PATCH every record, then create those answered 404; most found missing: the next call creates first. */
    private void updateThenCreate(FinOpsEntity entity, Batch batch, Deadline deadline) {
        List<BatchSender.Result> patched = patch(batch.addresses(), batch.bodies(), deadline);
        List<Integer> missing = new ArrayList<>();
        for (int s = 0; s < batch.sent().size(); s++) {
            BatchSender.Result r = patched.get(s);
            if (r.succeeded()) {
                batch.outcome(s, WriteOutcome.updated(batch.key(s)));
            } else if (r.fate() == BatchSender.Fate.ANSWERED && r.status() == 404) {
                missing.add(s);
            } else {
                batch.outcome(s, failed(batch.key(s), r));
            }
        }
        createMissing(entity, batch, missing, deadline);
        if (missing.size() * 2 > batch.sent().size()) {
            createFirst.add(entity.name());
        }
    }

    /**
     * POST every record, then PATCH those whose create did not succeed: a record that exists refuses the create
     * (F&amp;O answers that it already exists, in the user's language, so the answer is not parsed) and takes the
     * update. A PATCH answered 404 shows the record missing, and the create's own refusal is its outcome.
     *
     * <p>A create whose answer was lost is looked up: missing, it is created as {@link #create} creates; found with
     * the values sent, the create was applied; found with others, it existed and is PATCHed. Most records found
     * existing: the next call updates first.
     */
    private void createThenUpdate(FinOpsEntity entity, Batch batch, Deadline deadline) {
        URI collection = collection(entity);
        List<BatchSender.Request> posts = new ArrayList<>();
        for (int s = 0; s < batch.sent().size(); s++) {
            int at = s;
            posts.add(new BatchSender.Request(() -> part("POST", collection, withKey(entity, batch, at)), false));
        }
        List<BatchSender.Result> posted = batches.send(posts, deadline);
        List<Integer> lost = new ArrayList<>();
        List<Integer> refused = new ArrayList<>();
        for (int s = 0; s < batch.sent().size(); s++) {
            BatchSender.Result r = posted.get(s);
            if (r.succeeded()) {
                batch.outcome(s, WriteOutcome.inserted(batch.key(s)));
            } else {
                (r.fate() == BatchSender.Fate.LOST ? lost : refused).add(s);
            }
        }
        List<Integer> missing = new ArrayList<>();
        List<BatchSender.Result> looks = get(lost.stream().map(batch.addresses()::get).toList(), deadline);
        for (int l = 0; l < lost.size(); l++) {
            int s = lost.get(l);
            BatchSender.Result look = looks.get(l);
            if (look.succeeded() && holds(look, batch.bodies().get(s))) {
                batch.outcome(s, WriteOutcome.inserted(batch.key(s)));
            } else if (look.succeeded()) {
                refused.add(s);
            } else if (look.fate() == BatchSender.Fate.ANSWERED && look.status() == 404) {
                missing.add(s);
            } else {
                batch.outcome(s, failed(batch.key(s), look));
            }
        }
        refused.forEach(s -> batch.bodies().get(s).remove(batch.keys().get(s).keySet()));
        List<BatchSender.Result> patched = patch(refused.stream().map(batch.addresses()::get).toList(),
                refused.stream().map(batch.bodies()::get).toList(), deadline);
        int existing = refused.size();
        for (int e = 0; e < refused.size(); e++) {
            int s = refused.get(e);
            BatchSender.Result r = patched.get(e);
            if (r.succeeded()) {
                batch.outcome(s, WriteOutcome.updated(batch.key(s)));
            } else if (r.fate() == BatchSender.Fate.ANSWERED && r.status() == 404) {
                existing--;
                batch.outcome(s, failed(batch.key(s), posted.get(s).fate() == BatchSender.Fate.LOST ? r : posted.get(s)));
            } else {
                batch.outcome(s, failed(batch.key(s), r));
            }
        }
        createMissing(entity, batch, missing, deadline);
        if (existing * 2 > batch.sent().size()) {
            createFirst.remove(entity.name());
        }
    }

    /** Whether the entity a GET answered holds every value of {@code body} (numbers compared by value). */
    private static boolean holds(BatchSender.Result look, ObjectNode body) {
        JsonNode found;
        try {
            found = Json.MAPPER.readTree(look.answer().body());
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            JsonNode sent = field.getValue();
            JsonNode there = found.get(field.getKey());
            boolean same = there != null && (sent.isNumber() && there.isNumber()
                    ? sent.decimalValue().compareTo(there.decimalValue()) == 0
                    : sent.isNull() ? there.isNull() : sent.asText().equalsIgnoreCase(there.asText()));
            if (!same) {
                return false;
            }
        }
        return true;
    }

    /** Creates the records at positions {@code missing}, known not to exist. */
    private void createMissing(FinOpsEntity entity, Batch batch, List<Integer> missing, Deadline deadline) {
        List<URI> createAt = new ArrayList<>();
        List<ObjectNode> creates = new ArrayList<>();
        for (int s : missing) {
            createAt.add(batch.addresses().get(s));
            creates.add(withKey(entity, batch, s));
        }
        List<Created> created = create(entity, createAt, creates, deadline);
        for (int c = 0; c < missing.size(); c++) {
            int s = missing.get(c);
            batch.outcome(s, created.get(c).succeeded() ? WriteOutcome.inserted(batch.key(s))
                    : failed(batch.key(s), created.get(c)));
        }
    }

    /** The record's body with its key fields, which a create carries in the body rather than the URL. */
    private static ObjectNode withKey(FinOpsEntity entity, Batch batch, int s) {
        ObjectNode body = batch.bodies().get(s);
        batch.keys().get(s).forEach((k, v) -> body.set(k, EdmValueConverter.write(Value.text(v), entity.edmType(k), k)));
        return body;
    }

    List<WriteOutcome> delete(FinOpsEntity entity, OrganizationUnit organization, List<BusinessKey> keys) {
        WriteOutcome[] outcomes = new WriteOutcome[keys.size()];
        List<Integer> sent = new ArrayList<>();
        List<URI> addresses = new ArrayList<>();
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
    List<BatchSender.Result> patch(List<URI> addresses, List<ObjectNode> bodies, Deadline deadline) {
        List<BatchSender.Request> requests = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            URI address = addresses.get(i);
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
    List<Created> create(FinOpsEntity entity, List<URI> addresses, List<ObjectNode> bodies, Deadline deadline) {
        Created[] created = new Created[bodies.size()];
        URI collection = collection(entity);
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
                    throw new RetriableException("creating " + addresses.get(i).getRawPath()
                            + " lost its connection repeatedly", null, null);
                }
            }
        }
        return List.of(created);
    }

    private URI collection(FinOpsEntity entity) {
        return ODataUrls.uri(client.root(), entity.name(), List.of(Map.entry(FinOpsClient.CROSS_COMPANY, "true")));
    }

    /** GETs each address, in {@code $batch}es. */
    List<BatchSender.Result> get(List<URI> addresses, Deadline deadline) {
        return batches.send(addresses.stream().map(a -> new BatchSender.Request(part("GET", a, null), true)).toList(),
                deadline);
    }

    /** DELETEs each address, in {@code $batch}es; a DELETE by key may be sent twice. */
    List<BatchSender.Result> delete(List<URI> addresses, Deadline deadline) {
        return batches.send(addresses.stream().map(a -> new BatchSender.Request(part("DELETE", a, null), true)).toList(),
                deadline);
    }

    /** A delete that found nothing to delete did what was asked (it may be our own resent one). */
    static boolean gone(BatchSender.Result r) {
        return r.succeeded() || r.fate() == BatchSender.Fate.ANSWERED && r.status() == 404;
    }

    /** A part addressed by absolute path, as the batch's own request is: the service root is the same. */
    private static MultipartBatch.Part part(String method, URI address, ObjectNode body) {
        String target = address.getRawPath() + (address.getRawQuery() == null ? "" : "?" + address.getRawQuery());
        return new MultipartBatch.Part(method, target, body == null ? FinOpsClient.headers(null) : jsonHeaders(),
                body == null ? null : Json.bytes(body));
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
    static WriteOutcome failed(BusinessKey key, BatchSender.Result r) {
        return WriteOutcome.failed(key, null, r.message());
    }

    static WriteOutcome failed(BusinessKey key, Created c) {
        return c.result() == null ? WriteOutcome.failed(key, null, c.unknown()) : failed(key, c.result());
    }
}
