package org.ferry.connectors.sales.internal;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

import org.ferry.api.connector.Capabilities;
import org.ferry.api.connector.ChangeTracking;
import org.ferry.api.connector.Connection;
import org.ferry.api.connector.EntityInfo;
import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.RecordReader;
import org.ferry.api.connector.TestResult;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.error.FerryException;
import org.ferry.api.error.RecordException;
import org.ferry.api.organization.OrganizationUnit;
import org.ferry.connectors.common.odata.MultipartBatch;
import org.ferry.connectors.common.odata.ODataUrls;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A connection to one Dataverse environment. Entities are tables by logical name ({@code account});
 * organization units are business units by GUID. Writes (by key or by id) ignore the organization: in
 * Dataverse the owner, not the write, decides the business unit.
 */
final class DataverseConnection implements Connection {
    private final DataverseClient client;
    private final DataversePayloads payloads;
    private final ODataBatchWriter writer;
    private final BulkWriter bulk;
    private final ChosenIds chosenIds = new ChosenIds();

    DataverseConnection(DataverseClient client) {
        this.client = client;
        this.payloads = new DataversePayloads(client);
        this.writer = new ODataBatchWriter(client);
        this.bulk = new BulkWriter(client);
    }

    @Override
    public TestResult test() {
        long started = System.nanoTime();
        try {
            client.session().signIn();
            client.getJson(ODataUrls.uri(client.root(), "businessunits",
                    List.of(Map.entry("$select", "businessunitid"))), "odata.maxpagesize=1");
            return new TestResult(true, "signed in and read business units", elapsed(started));
        } catch (org.ferry.api.error.ConfigurationException e) {
            return TestResult.refused(e, elapsed(started));
        } catch (FerryException e) {
            return new TestResult(false, e.getMessage(), elapsed(started));
        }
    }

    private static Duration elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(ChangeTracking.DELTA, true, true, true, client.batchSize(), client.maxConcurrency(), true);
    }

    @Override
    public List<EntityInfo> listEntities() {
        client.refresh();
        client.forgetTables();
        return client.models().values().stream().map(m -> new EntityInfo(m.name(), m.name())).toList();
    }

    @Override
    public EntitySchema describe(String entity) {
        return client.table(entity).schema();
    }

    /**
     * Per table, as the table's definition says ({@code ChangeTrackingEnabled}); a table whose definition could not
     * be read is assumed tracked, and the read finds out ({@code Preference-Applied}).
     */
    @Override
    public ChangeTracking changeTracking(String entity) {
        return Boolean.FALSE.equals(client.table(entity).changeTracking()) ? ChangeTracking.NONE : ChangeTracking.DELTA;
    }

    @Override
    public List<OrganizationUnit> organizationUnits() {
        List<OrganizationUnit> units = new ArrayList<>();
        URI next = ODataUrls.uri(client.root(), "businessunits",
                List.of(Map.entry("$select", "businessunitid,name,_parentbusinessunitid_value")));
        while (next != null) {
            JsonNode page = client.getJson(next, "odata.maxpagesize=" + client.pageSize());
            for (JsonNode bu : page.path("value")) {
                units.add(new OrganizationUnit(bu.path("businessunitid").asText(), bu.path("name").asText(null),
                        OrganizationUnit.Kind.BUSINESS_UNIT, bu.path("_parentbusinessunitid_value").asText(null)));
            }
            String link = page.path("@odata.nextLink").asText(null);
            next = link == null ? null : SameOrigin.check(client.root(), ODataUrls.link(next, link));
        }
        return units;
    }

    /** @return the unit and all units below it, as business units nest */
    private List<String> subtree(String root) {
        List<OrganizationUnit> all = organizationUnits();
        List<String> result = new ArrayList<>(List.of(root));
        for (int i = 0; i < result.size(); i++) {
            String parent = result.get(i);
            for (OrganizationUnit u : all) {
                if (parent.equals(u.parentId()) && !result.contains(u.id())) {
                    result.add(u.id());
                }
            }
        }
        return result;
    }

    @Override
    public RecordReader read(ReadRequest request) {
        List<String> units = request.organization() == null ? List.of() : subtree(request.organization().id());
        return new DataverseReader(client, client.table(request.entity()), request, units);
    }

    /**
     * With {@code UpsertMultiple} where the table supports it ({@link BulkWriter}), the records found by their key
     * first and written by GUID; otherwise through {@code $batch}, by alternate key where the table has one.
     */
    @Override
    public List<WriteOutcome> upsert(String entity, OrganizationUnit organization, List<EntityRecord> records) {
        EntityModel model = client.table(entity);
        if (model.primaryKey() != null && bulk.supports(model)) {
            RecordFinder existing = new RecordFinder(client, RecordFinder.BULK_PER_QUERY);
            List<WriteOutcome> written = inBatches(records, chunk -> payloads.prefetch(model, chunk, existing, true, true),
                    r -> payloads.upsert(model, r, existing, chosenIds, true),
                    (r, e) -> WriteOutcome.failed(r.key(), e.field(), e.getMessage()),
                    (ops, outcomes) -> bulk.execute(model, ops, outcomes));
            if (written != null) {
                return written;
            }
        }
        RecordFinder finder = new RecordFinder(client);
        return inBatches(records, chunk -> payloads.prefetch(model, chunk, finder, true),
                r -> payloads.upsert(model, r, finder, chosenIds),
                (r, e) -> WriteOutcome.failed(r.key(), e.field(), e.getMessage()), writer::execute);
    }

    @Override
    public List<WriteOutcome> delete(String entity, OrganizationUnit organization, List<BusinessKey> keys) {
        EntityModel model = client.table(entity);
        RecordFinder finder = new RecordFinder(client);
        return inBatches(keys, chunk -> finder.prefetch(model, chunk.stream().filter(k -> !model.addressableBy(k))
                        .map(k -> {
                            try {
                                return payloads.criteria(model, k, null, finder);
                            } catch (RecordException e) {
                                return null;
                            }
                        }).filter(java.util.Objects::nonNull).toList()),
                k -> operation(k, payloads.delete(model, k, finder), ODataBatchWriter.Kind.DELETE, null, model),
                // a record not found (a line whose order is gone is gone with it: Dataverse deletes lines with their
                // parent) is as deleted as the 404 of a record already deleted
                (k, e) -> e instanceof DataversePayloads.NotFound ? WriteOutcome.deleted(k)
                        : WriteOutcome.failed(k, e.field(), e.getMessage()), writer::execute);
    }

    /**
     * Records without an id are created with a GUID chosen here ({@link ChosenIds}) by a create-only PATCH to it
     * ({@link DataversePayloads#create}), so that a create whose answer was lost can be sent again without
     * creating a second record; records with one are written by PATCH to their GUID without {@code If-Match}, an
     * upsert, so one deleted here since is created again with the same GUID. INSERTED and UPDATED are told apart
     * as for {@link #upsert}: 201 or 200 to the PATCH, and a create always inserts.
     */
    @Override
    public List<WriteOutcome> writeById(String entity, OrganizationUnit organization, List<EntityRecord> records) {
        EntityModel model = client.table(entity);
        RecordFinder finder = new RecordFinder(client);
        Function<EntityRecord, ODataBatchWriter.Operation> prepare = r -> {
            if (r.sourceId() == null) {
                String id = chosenIds.idFor(r);
                return operation(r.key(), payloads.create(model, id, r, finder), ODataBatchWriter.Kind.CREATE, id, model);
            }
            return operation(r.key(), payloads.writeById(model, r.sourceId(), r, finder), ODataBatchWriter.Kind.UPSERT,
                    r.sourceId(), model);
        };
        BiFunction<EntityRecord, RecordException, WriteOutcome> failure =
                (r, e) -> WriteOutcome.failed(r.key(), e.field(), e.getMessage());
        if (model.primaryKey() != null && bulk.supports(model)) {
            // UpsertMultiple does not say what it created: ask which of the ids still exist first
            Function<EntityRecord, ODataBatchWriter.Operation> known = r -> {
                ODataBatchWriter.Operation op = prepare.apply(r);
                return r.sourceId() != null && finder.guid(model, Map.of(model.primaryKey(), r.sourceId())).isEmpty()
                        ? new ODataBatchWriter.Operation(op.key(), op.part(), ODataBatchWriter.Kind.CREATE, op.id(),
                                op.idColumn()) : op;
            };
            List<WriteOutcome> written = inBatches(records, chunk -> {
                payloads.prefetch(model, chunk, finder, false);
                finder.prefetch(model, chunk.stream().filter(r -> r.sourceId() != null
                        && DataverseIds.GUID.matcher(r.sourceId()).matches())
                        .map(r -> Map.of(model.primaryKey(), r.sourceId())).toList());
            }, known, failure, (ops, outcomes) -> bulk.execute(model, ops, outcomes));
            if (written != null) {
                return written;
            }
        }
        return inBatches(records, chunk -> payloads.prefetch(model, chunk, finder, false), prepare, failure,
                writer::execute);
    }

    @Override
    public List<WriteOutcome> deleteById(String entity, OrganizationUnit organization, List<String> ids) {
        EntityModel model = client.table(entity);
        return inBatches(ids, chunk -> { },
                id -> operation(null, payloads.deleteById(model, id), ODataBatchWriter.Kind.DELETE, id, model),
                (id, e) -> WriteOutcome.failed(null, e.field(), e.getMessage()), writer::execute);
    }

    private static ODataBatchWriter.Operation operation(BusinessKey key, MultipartBatch.Part part,
                                                        ODataBatchWriter.Kind kind, String id, EntityModel model) {
        return new ODataBatchWriter.Operation(key, part, kind, id, model.primaryKey());
    }

    /**
     * Writes items a batch at a time: each chunk is prefetched (lookups resolved together), then prepared item by
     * item, an item that cannot be prepared getting its outcome from {@code failure} without being sent.
     *
     * @return the outcomes, or {@code null} when {@code send} refused (a bulk message the table turned out not to take)
     */
    private <T> List<WriteOutcome> inBatches(List<T> items, Consumer<List<T>> prefetch,
                                             Function<T, ODataBatchWriter.Operation> prepare,
                                             BiFunction<T, RecordException, WriteOutcome> failure,
                                             BiFunction<List<ODataBatchWriter.Operation>, WriteOutcome[], List<WriteOutcome>> send) {
        List<WriteOutcome> all = new ArrayList<>(items.size());
        for (int from = 0; from < items.size(); from += client.batchSize()) {
            List<T> chunk = items.subList(from, Math.min(items.size(), from + client.batchSize()));
            prefetch.accept(chunk);
            WriteOutcome[] outcomes = new WriteOutcome[chunk.size()];
            List<ODataBatchWriter.Operation> ops = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                try {
                    ops.add(prepare.apply(chunk.get(i)));
                } catch (RecordException e) {
                    ops.add(null);
                    outcomes[i] = failure.apply(chunk.get(i), e);
                }
            }
            List<WriteOutcome> sent = send.apply(ops, outcomes);
            if (sent == null) {
                return null; // the bulk message was refused: the caller writes the call again through $batch
            }
            all.addAll(sent);
        }
        return all;
    }

    /** Each application user's budget on this environment, shared by every connection and run in the server. */
    @Override
    public List<org.ferry.api.connector.UserBudget> budgets() {
        return org.ferry.connectors.common.http.Budgets.of(client.session());
    }

    @Override
    public void close() {
        client.close();
    }
}
