package org.ferry.connectors.operations.internal;

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
import org.ferry.api.organization.OrganizationUnit;
import org.ferry.connectors.common.odata.ODataUrls;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A connection to one F&amp;O environment. Entities are public data entities by entity set name;
 * organization units are legal entities (companies) from the {@code LegalEntities} entity.
 *
 * <p>Change tracking is WATERMARK for the connection, but only entities with a modified-date field have
 * one ({@link #changeTracking(String)}); readers of the others return no checkpoint, and the engine compares hashes.
 *
 * <p>Writes go through {@code $batch} ({@link FinOpsWriter}): the configured batch size caps the parts of one
 * {@code $batch} request, and a write call spreads its records over at most as many requests at once as the
 * connection's concurrency allows.
 */
final class FinOpsConnection implements Connection {
    static final String LEGAL_ENTITIES = "LegalEntities";

    /** Records one call takes: a package is worth its job's fixed cost only when large, and OData writes it side by side. */
    static final int PACKAGE_RECORDS = 10_000;

    private final FinOpsClient client;
    private final FinOpsWriter writer;
    private final FinOpsUpsert upserts;
    private final FinOpsIdWriter idWriter;
    private final FinOpsPackageWriter packages;
    /** records above which a run's writes go through data packages; negative: never */
    private final long packageThreshold;
    /** records this connection (opened for one run) was asked to write, by entity */
    private final Map<String, java.util.concurrent.atomic.AtomicLong> written = new java.util.concurrent.ConcurrentHashMap<>();

    FinOpsConnection(FinOpsClient client) {
        this(client, -1, null);
    }

    /**
     * @param packageThreshold records of one entity in a run above which its writes go through data packages (the
     *                         records up to it through OData); negative: always OData
     * @param dataProject      the data project packages are imported into; {@code null}: "Ferry &lt;entity&gt;"
     */
    FinOpsConnection(FinOpsClient client, long packageThreshold, String dataProject) {
        this.client = client;
        this.writer = new FinOpsWriter(client);
        this.upserts = new FinOpsUpsert(writer);
        this.idWriter = new FinOpsIdWriter(writer);
        this.packages = new FinOpsPackageWriter(client, dataProject);
        this.packageThreshold = packageThreshold;
    }

    @Override
    public TestResult test() {
        long started = System.nanoTime();
        try {
            client.session().signIn();
            int n = organizationUnits().size();
            return new TestResult(true, "signed in and found " + n + " legal entities",
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (org.ferry.api.error.ConfigurationException e) {
            return TestResult.refused(e, Duration.ofNanos(System.nanoTime() - started));
        } catch (FerryException e) {
            return new TestResult(false, e.getMessage(), Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /**
     * Writes by id for every entity: a record's id is its entity key, so any entity can be addressed by it. One
     * whose key F&amp;O cannot number fails per record with the service's own message when created without it.
     */
    @Override
    public Capabilities capabilities() {
        // Calls of 10,000 only where packages may be used: a package spreads its job's fixed cost over them. Through
        // OData a call is what the connection sends at once (a $batch request per slot), no more, since what a crash
        // costs is the calls in flight (their records are sent again by the next run).
        int odata = Math.min(client.batchSize() * Math.max(1, client.maxConcurrency()), PACKAGE_RECORDS);
        return new Capabilities(ChangeTracking.WATERMARK, false, true, true,
                packageThreshold >= 0 ? Math.max(odata, PACKAGE_RECORDS) : odata, client.maxConcurrency(), true);
    }

    /** WATERMARK for an entity with a modified date-time in its metadata, NONE for the others. */
    @Override
    public ChangeTracking changeTracking(String entity) {
        return client.entity(entity).watermark() == null ? ChangeTracking.NONE : ChangeTracking.WATERMARK;
    }

    /** Refuses what F&amp;O's OData would: functions, {@code has}/{@code in}, enums not compared as typed literals. */
    @Override
    public void validateFilter(String entity, String filter) {
        FinOpsFilterCheck.check(client.entity(entity), filter);
    }

    @Override
    public List<EntityInfo> listEntities() {
        client.refresh();
        return client.models().keySet().stream().map(n -> new EntityInfo(n, n)).toList();
    }

    @Override
    public EntitySchema describe(String entity) {
        return client.entity(entity).schema();
    }

    @Override
    public List<OrganizationUnit> organizationUnits() {
        List<OrganizationUnit> units = new ArrayList<>();
        URI next = ODataUrls.uri(client.root(), LEGAL_ENTITIES, List.of(Map.entry(FinOpsClient.CROSS_COMPANY, "true")));
        while (next != null) {
            JsonNode page = client.getJson(next, null);
            for (JsonNode le : page.path("value")) {
                String id = first(le, "LegalEntityId", "DataArea", FinOpsEntity.COMPANY);
                if (id != null) {
                    units.add(new OrganizationUnit(id, first(le, "Name", "CompanyName"),
                            OrganizationUnit.Kind.LEGAL_ENTITY, null));
                }
            }
            String link = page.path("@odata.nextLink").asText(null);
            URI current = next;
            next = link == null ? null : FinOpsClient.crossCompany(ODataUrls.link(current, link));
            if (next != null && !next.getAuthority().equals(current.getAuthority())) {
                next = null;
            }
        }
        return units;
    }

    private static String first(JsonNode row, String... names) {
        for (String n : names) {
            String v = row.path(n).asText(null);
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return null;
    }

    @Override
    public RecordReader read(ReadRequest request) {
        return new FinOpsReader(client, client.entity(request.entity()), request);
    }

    /**
     * Through OData, or through a data package once the run has asked for more than the package threshold of this
     * entity's records: Microsoft recommends the package API for large volumes, and its job's fixed cost is then
     * spread over many records.
     */
    @Override
    public List<WriteOutcome> upsert(String entity, OrganizationUnit organization, List<EntityRecord> records) {
        long total = written.computeIfAbsent(entity, e -> new java.util.concurrent.atomic.AtomicLong())
                .addAndGet(records.size());
        if (packageThreshold >= 0 && total > packageThreshold) {
            return packages.upsert(client.entity(entity), organization, records);
        }
        return upserts.upsert(client.entity(entity), organization, records);
    }

    @Override
    public List<WriteOutcome> delete(String entity, OrganizationUnit organization, List<BusinessKey> keys) {
        return writer.delete(client.entity(entity), organization, keys);
    }

    @Override
    public List<WriteOutcome> writeById(String entity, OrganizationUnit organization, List<EntityRecord> records) {
        return idWriter.write(client.entity(entity), organization, records);
    }

    @Override
    public List<WriteOutcome> deleteById(String entity, OrganizationUnit organization, List<String> ids) {
        return idWriter.delete(client.entity(entity), organization, ids);
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
