package org.ferry.connectors.cds.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import org.ferry.api.connector.Capabilities;
import org.ferry.api.connector.ChangeTracking;
import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ConnectionAction;
import org.ferry.api.connector.EntityInfo;
import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.RecordReader;
import org.ferry.api.connector.TestResult;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.data.FieldSchema;

import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.ConnectorException;
import org.ferry.api.organization.OrganizationUnit;
import org.ferry.connectors.cds.internal.read.Checkpoint;
import org.ferry.connectors.cds.internal.read.EntityReader;
import org.ferry.connectors.cds.internal.schema.EntityDefinition;
import org.ferry.connectors.cds.internal.store.Environment;
import org.ferry.connectors.cds.internal.store.Sql;
import org.ferry.connectors.cds.internal.write.DataClearer;
import org.ferry.connectors.cds.internal.write.IdWriter;
import org.ferry.connectors.cds.internal.write.OrganizationMessages;
import org.ferry.connectors.cds.internal.write.RecordDeleter;
import org.ferry.connectors.cds.internal.write.UpsertWriter;

/**
 * A connection to one CDS environment. The environment's database is opened on first use, not on
 * {@code open}, and the organizations named in the configuration are created then if missing.
 */
final class CdsConnection implements Connection {
    static final String CLEAR_ALL_DATA = "clear-all-data";
    static final int MAX_BATCH = 500;
    private static final int MAX_PAGE = 5000;
    private static final Capabilities CAPABILITIES =
            new Capabilities(ChangeTracking.WATERMARK, true, true, false, MAX_BATCH, 4, true);

    private final CdsConnectorFactory factory;
    private final String environmentName;
    private final List<String> organizationsToCreate;
    private final Map<EntityDefinition, UpsertWriter> writers = new ConcurrentHashMap<>();
    private final Map<EntityDefinition, IdWriter> idWriters = new ConcurrentHashMap<>();
    private volatile Environment environment;
    private volatile boolean closed;

    CdsConnection(CdsConnectorFactory factory, String environmentName, List<String> organizationsToCreate) {
        this.factory = factory;
        this.environmentName = environmentName;
        this.organizationsToCreate = organizationsToCreate;
    }

    private Environment env() {
        if (closed) {
            throw new ConnectorException("the connection to CDS environment '" + environmentName + "' is closed");
        }
        Environment e = environment;
        if (e == null) {
            synchronized (this) {
                e = environment;
                if (e == null) {
                    e = factory.environment(environmentName);
                    createOrganizations(e);
                    environment = e;
                }
            }
        }
        return e;
    }

    private void createOrganizations(Environment e) {
        if (organizationsToCreate.isEmpty()) {
            return;
        }
        List<String> existing = organizationIds(e);
        List<EntityRecord> missing = new ArrayList<>();
        for (String id : organizationsToCreate) {
            if (!existing.contains(id)) {
                missing.add(EntityRecord.builder(EntityDefinition.ORGANIZATION_ENTITY)
                        .key(BusinessKey.of("OrganizationId", id)).text("OrganizationId", id).text("Name", id).build());
            }
        }
        if (!missing.isEmpty()) {
            for (WriteOutcome o : new UpsertWriter(e, e.catalogue().organization()).upsert(null, missing)) {
                if (o.status() == WriteOutcome.Status.FAILED) {
                    throw new ConfigurationException(CdsConnectorFactory.ORGANIZATIONS, o.message());
                }
            }
        }
    }

    @Override
    public TestResult test() {
        long start = System.nanoTime();
        try {
            Environment e = env();
            int organizations = organizationIds(e).size();
            return new TestResult(true, "CDS environment '" + e.name() + "' at " + e.directory() + ": "
                    + e.catalogue().all().size() + " entities, " + organizations + " organizations",
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (RuntimeException ex) {
            return new TestResult(false, ex.getMessage() == null ? ex.toString() : ex.getMessage(),
                    Duration.ofNanos(System.nanoTime() - start));
        }
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public List<EntityInfo> listEntities() {
        return env().catalogue().all().stream().map(d -> new EntityInfo(d.name(), d.schema().label())).toList();
    }

    @Override
    public EntitySchema describe(String entity) {
        return definition(entity).schema();
    }

    private EntityDefinition definition(String entity) {
        return env().catalogue().find(entity).orElseThrow(() -> new ConfigurationException("entity",
                "CDS environment '" + environmentName + "' has no entity '" + entity + "'"));
    }

    @Override
    public List<OrganizationUnit> organizationUnits() {
        Environment e = env();
        EntityDefinition org = e.catalogue().organization();
        try {
            return e.transaction(c -> {
                List<OrganizationUnit> units = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT \"_key\", \"Name\" FROM " + org.table()
                        + " ORDER BY \"_key\"");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        units.add(new OrganizationUnit(rs.getString(1), rs.getString(2),
                                OrganizationUnit.Kind.ORGANIZATION, null));
                    }
                }
                return units;
            });
        } catch (SQLException ex) {
            throw failure("Listing organizations", ex);
        }
    }

    @Override
    public RecordReader read(ReadRequest request) {
        Environment e = env();
        EntityDefinition def = definition(request.entity());
        List<FieldSchema> selected = selectedFields(def, request.fields());
        try {
            long upper = e.stableChangeMark();
            long since = 0;
            boolean incremental = false;
            if (request.checkpoint() != null) {
                OptionalLong from = Checkpoint.since(request.checkpoint(), e.instanceId());
                if (from.isPresent()) {
                    since = Math.min(from.getAsLong(), upper);
                    incremental = true;
                }
            }
            List<String> orgs;
            List<String> deletionOrgs = List.of();
            if (!def.scoped()) {
                orgs = List.of("");
                deletionOrgs = incremental ? List.of("") : List.of();
            } else if (request.organization() != null) {
                String org = request.organization().id();
                List<String> known = organizationIds(e);
                if (!known.contains(org)) {
                    throw new ConfigurationException("organization", OrganizationMessages.missing(e, org, known));
                }
                orgs = List.of(org);
                deletionOrgs = incremental ? orgs : List.of();
            } else {
                orgs = organizationIds(e);
                deletionOrgs = incremental ? deletedOrganizations(e, def, since, upper) : List.of();
            }
            int pageSize = Math.min(request.pageSize(), MAX_PAGE);
            return new EntityReader(e, def, selected, orgs, deletionOrgs, since, Math.max(upper, since), pageSize);
        } catch (SQLException ex) {
            throw failure("Reading " + def.name(), ex);
        }
    }

    private static List<FieldSchema> selectedFields(EntityDefinition def, List<String> names) {
        if (names.isEmpty()) {
            return def.fields();
        }
        List<String> unknown = names.stream().filter(n -> def.field(n) == null).toList();
        if (!unknown.isEmpty()) {
            throw new ConfigurationException("fields", "the '" + def.name() + "' entity has no field " + unknown);
        }
        // Key fields are always read: every record carries its business key.
        return def.fields().stream().filter(f -> names.contains(f.name()) || def.keyFields().contains(f)).toList();
    }

    private List<String> deletedOrganizations(Environment e, EntityDefinition def, long since, long upper)
            throws SQLException {
        return e.transaction(c -> {
            List<String> orgs = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT ORG FROM CDS.DELETED WHERE ENTITY = ? "
                    + "AND SEQ > ? AND SEQ <= ?")) {
                ps.setString(1, def.name());
                ps.setLong(2, since);
                ps.setLong(3, upper);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        orgs.add(rs.getString(1));
                    }
                }
            }
            return orgs;
        });
    }

    @Override
    public List<WriteOutcome> upsert(String entity, OrganizationUnit organization, List<EntityRecord> records) {
        checkBatch(records.size());
        Environment e = env();
        EntityDefinition def = definition(entity);
        UpsertWriter writer = writers.computeIfAbsent(def, d -> new UpsertWriter(e, d));
        return writer.upsert(organization == null ? null : organization.id(), records);
    }

    @Override
    public List<WriteOutcome> delete(String entity, OrganizationUnit organization, List<BusinessKey> keys) {
        checkBatch(keys.size());
        Environment e = env();
        return new RecordDeleter(e, definition(entity)).delete(organization == null ? null : organization.id(), keys);
    }

    @Override
    public List<WriteOutcome> writeById(String entity, OrganizationUnit organization, List<EntityRecord> records) {
        checkBatch(records.size());
        Environment e = env();
        EntityDefinition def = definition(entity);
        IdWriter writer = idWriters.computeIfAbsent(def, d -> new IdWriter(e, d));
        return writer.write(organization == null ? null : organization.id(), records);
    }

    @Override
    public List<WriteOutcome> deleteById(String entity, OrganizationUnit organization, List<String> ids) {
        checkBatch(ids.size());
        Environment e = env();
        return new RecordDeleter(e, definition(entity))
                .deleteByIds(organization == null ? null : organization.id(), ids);
    }

    private static void checkBatch(int size) {
        if (size > MAX_BATCH) {
            throw new ConnectorException("the CDS hub takes at most " + MAX_BATCH + " records per call; got " + size);
        }
    }

    @Override
    public EntitySchema createEntity(EntitySchema schema) {
        return env().createEntity(schema).schema();
    }

    @Override
    public List<ConnectionAction> actions() {
        return List.of(new ConnectionAction(CLEAR_ALL_DATA, "Clear all data",
                "Deletes every record of every entity in this environment, organizations included; the entities "
                        + "and custom entities stay. Create an Organization record again before the next run.", true));
    }

    @Override
    public String perform(String action) {
        if (!CLEAR_ALL_DATA.equals(action)) {
            return Connection.super.perform(action);
        }
        return DataClearer.clearAll(env());
    }

    @Override
    public void close() {
        closed = true;
    }

    private List<String> organizationIds(Environment e) {
        try {
            return e.organizations();
        } catch (SQLException ex) {
            throw failure("Listing organizations", ex);
        }
    }

    private ConnectorException failure(String what, SQLException e) {
        return new ConnectorException(what + " in CDS environment '" + environmentName + "' failed: "
                + Sql.message(e), e);
    }

}
