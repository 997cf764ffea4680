package org.ferry.connectors.sales.internal;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
import org.ferry.connectors.common.odata.ODataUrls;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A connection to one Dataverse environment. Entities are tables by logical name ({@code account});
 * organization units are business units by GUID. Writes ignore the organization: in Dataverse the owner,
 * not the write, decides the business unit.
 */
final class DataverseConnection implements Connection {
    private final DataverseClient client;
    private final DataversePayloads payloads;
    private final ODataBatchWriter writer;

    DataverseConnection(DataverseClient client) {
        this.client = client;
        this.payloads = new DataversePayloads(client);
        this.writer = new ODataBatchWriter(client);
    }

    @Override
    public TestResult test() {
        long started = System.nanoTime();
        try {
            client.getJson(ODataUrls.uri(client.root(), "businessunits",
                    List.of(Map.entry("$select", "businessunitid"))), "odata.maxpagesize=1");
            return new TestResult(true, "signed in and read business units", elapsed(started));
        } catch (FerryException e) {
            return new TestResult(false, e.getMessage(), elapsed(started));
        }
    }

    private static Duration elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(ChangeTracking.DELTA, true, true, true, client.batchSize(), client.maxConcurrency());
    }

    @Override
    public List<EntityInfo> listEntities() {
        client.refresh();
        return client.models().values().stream().map(m -> new EntityInfo(m.name(), m.name())).toList();
    }

    @Override
    public EntitySchema describe(String entity) {
        return client.entity(entity).schema();
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
        return new DataverseReader(client, client.entity(request.entity()), request, units);
    }

    @Override
    public List<WriteOutcome> upsert(String entity, OrganizationUnit organization, List<EntityRecord> records) {
        EntityModel model = client.entity(entity);
        AlternateKeyResolver ids = new AlternateKeyResolver(client);
        List<WriteOutcome> all = new ArrayList<>(records.size());
        for (int from = 0; from < records.size(); from += client.batchSize()) {
            List<EntityRecord> chunk = records.subList(from, Math.min(records.size(), from + client.batchSize()));
            ids.prefetch(model, chunk.stream().map(EntityRecord::key).toList());
            WriteOutcome[] outcomes = new WriteOutcome[chunk.size()];
            List<ODataBatchWriter.Operation> ops = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                EntityRecord r = chunk.get(i);
                try {
                    ops.add(new ODataBatchWriter.Operation(r.key(), payloads.upsert(model, r, ids), false));
                } catch (RecordException e) {
                    ops.add(null);
                    outcomes[i] = WriteOutcome.failed(r.key(), e.field(), e.getMessage());
                }
            }
            all.addAll(writer.execute(ops, outcomes));
        }
        return all;
    }

    @Override
    public List<WriteOutcome> delete(String entity, OrganizationUnit organization, List<BusinessKey> keys) {
        EntityModel model = client.entity(entity);
        AlternateKeyResolver ids = new AlternateKeyResolver(client);
        List<WriteOutcome> all = new ArrayList<>(keys.size());
        for (int from = 0; from < keys.size(); from += client.batchSize()) {
            List<BusinessKey> chunk = keys.subList(from, Math.min(keys.size(), from + client.batchSize()));
            ids.prefetch(model, chunk);
            WriteOutcome[] outcomes = new WriteOutcome[chunk.size()];
            List<ODataBatchWriter.Operation> ops = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                BusinessKey k = chunk.get(i);
                try {
                    ops.add(new ODataBatchWriter.Operation(k, payloads.delete(model, k, ids), true));
                } catch (AlternateKeyResolver.NotFound e) {
                    // a line whose order is gone is gone with it (Dataverse deletes lines with their parent),
                    // the same answer as the 404 of a record already deleted
                    ops.add(null);
                    outcomes[i] = WriteOutcome.deleted(k);
                } catch (RecordException e) {
                    ops.add(null);
                    outcomes[i] = WriteOutcome.failed(k, e.field(), e.getMessage());
                }
            }
            all.addAll(writer.execute(ops, outcomes));
        }
        return all;
    }

    @Override
    public void close() {
        client.close();
    }
}
