package org.ferry.connectors.operations.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.Value;
import org.ferry.api.error.RecordException;
import org.ferry.api.organization.OrganizationUnit;
import org.ferry.connectors.common.http.Deadline;
import org.ferry.connectors.common.odata.BatchSender;
import org.ferry.connectors.common.odata.EdmValueConverter;
import org.ferry.connectors.common.odata.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Upserts by business key through {@link FinOpsWriter}'s requests, choosing what goes first. F&amp;O has no upsert:
 * PATCH by key updates and answers 404 for a missing record, and POST creates and refuses a record that exists.
 * A call PATCHes every record and creates those answered 404; when most were missing (a first load), the next call
 * of that entity POSTs every record and PATCHes those whose create was refused, so most records cost one part
 * instead of two, and a call that finds most records existing turns the order back. The first call of an entity,
 * when large, decides on its first {@value #PROBE} records, written updates first, before the rest go.
 *
 * <p>One call of the engine is one operation for the retry budget: its requests share one {@link Deadline}.
 */
final class FinOpsUpsert {
    /** Records of an entity's first large call that are written first, updates first, to choose the order. */
    static final int PROBE = 100;

    private final FinOpsWriter writer;
    /** Entities whose last call found most of its records missing: their next call creates first. */
    private final java.util.Set<String> createFirst = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Entities this connection wrote before: the order of their calls follows the last one. */
    private final java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();

    FinOpsUpsert(FinOpsWriter writer) {
        this.writer = writer;
    }

    List<WriteOutcome> upsert(FinOpsEntity entity, OrganizationUnit organization, List<EntityRecord> records) {
        Deadline deadline = writer.deadline();
        WriteOutcome[] outcomes = new WriteOutcome[records.size()];
        Batch batch = new Batch(records, outcomes);
        for (int i = 0; i < records.size(); i++) {
            EntityRecord record = records.get(i);
            try {
                Map<String, String> keyValues = FinOpsWriter.keyValues(entity, organization, record, record.key());
                batch.bodies.add(writer.fields(entity, record, keyValues.keySet()));
                batch.addresses.add(writer.address(entity, keyValues));
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
    private record Batch(List<EntityRecord> records, WriteOutcome[] outcomes, List<Integer> sent, List<String> addresses,
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
        List<BatchSender.Result> patched = writer.patch(batch.addresses(), batch.bodies(), deadline);
        List<Integer> missing = new ArrayList<>();
        for (int s = 0; s < batch.sent().size(); s++) {
            BatchSender.Result r = patched.get(s);
            if (r.succeeded()) {
                batch.outcome(s, WriteOutcome.updated(batch.key(s)));
            } else if (r.fate() == BatchSender.Fate.ANSWERED && r.status() == 404) {
                missing.add(s);
            } else {
                batch.outcome(s, FinOpsWriter.failed(batch.key(s), r));
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
        List<java.util.function.Supplier<ObjectNode>> posts = new ArrayList<>();
        for (int s = 0; s < batch.sent().size(); s++) {
            int at = s;
            posts.add(() -> withKey(entity, batch, at));
        }
        List<BatchSender.Result> posted = writer.postOnce(entity, posts, deadline);
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
        List<BatchSender.Result> looks = writer.get(lost.stream().map(batch.addresses()::get).toList(), deadline);
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
                batch.outcome(s, FinOpsWriter.failed(batch.key(s), look));
            }
        }
        refused.forEach(s -> batch.bodies().get(s).remove(batch.keys().get(s).keySet()));
        List<BatchSender.Result> patched = writer.patch(refused.stream().map(batch.addresses()::get).toList(),
                refused.stream().map(batch.bodies()::get).toList(), deadline);
        int existing = refused.size();
        for (int e = 0; e < refused.size(); e++) {
            int s = refused.get(e);
            BatchSender.Result r = patched.get(e);
            if (r.succeeded()) {
                batch.outcome(s, WriteOutcome.updated(batch.key(s)));
            } else if (r.fate() == BatchSender.Fate.ANSWERED && r.status() == 404) {
                existing--;
                BatchSender.Result refusal = posted.get(s).fate() == BatchSender.Fate.LOST ? r : posted.get(s);
                batch.outcome(s, FinOpsWriter.failed(batch.key(s), refusal));
            } else {
                batch.outcome(s, FinOpsWriter.failed(batch.key(s), r));
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
        List<String> createAt = new ArrayList<>();
        List<ObjectNode> creates = new ArrayList<>();
        for (int s : missing) {
            createAt.add(batch.addresses().get(s));
            creates.add(withKey(entity, batch, s));
        }
        List<FinOpsWriter.Created> created = writer.create(entity, createAt, creates, deadline);
        for (int c = 0; c < missing.size(); c++) {
            int s = missing.get(c);
            batch.outcome(s, created.get(c).succeeded() ? WriteOutcome.inserted(batch.key(s))
                    : FinOpsWriter.failed(batch.key(s), created.get(c)));
        }
    }

    /** The record's body with its key fields, which a create carries in the body rather than the URL. */
    private static ObjectNode withKey(FinOpsEntity entity, Batch batch, int s) {
        ObjectNode body = batch.bodies().get(s);
        batch.keys().get(s).forEach((k, v) -> body.set(k, EdmValueConverter.write(Value.text(v), entity.edmType(k), k)));
        return body;
    }
}
