package org.ferry.benchmarks;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ConnectionContext;
import org.ferry.api.connector.ConnectorConfig;
import org.ferry.api.organization.OrganizationMapping;
import org.ferry.api.template.FieldMapping;
import org.ferry.api.template.LegTemplate;
import org.ferry.api.template.TransformStep;
import org.ferry.api.transform.Transform;
import org.ferry.connectors.cds.internal.CdsConnectorFactory;
import org.ferry.connectors.operations.internal.OperationsConnectorFactory;
import org.ferry.connectors.sales.internal.SalesConnectorFactory;
import org.ferry.runtime.testing.EngineHarness;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.Consent;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.ProjectTask;
import org.ferry.transforms.internal.country.CountryRegionCodeTransform;
import org.ferry.transforms.internal.mapping.DefaultTransform;
import org.ferry.transforms.internal.mapping.TruncateTransform;

/**
 * The two projects the benchmarks run, on the real engine with the real connectors: generated accounts →
 * CDS hub, and Sales → CDS → Operations (the Prospect-to-Cash accounts task: text fields, a decimal, a
 * currency lookup through Dataverse, a default, a country-code transform).
 */
final class Projects {
    static final String PROJECT = "bench";
    private static final String WARM_UP_SALES = "c-sales-warm-up";
    private static final String WARM_UP_OPS = "c-ops-warm-up";
    private static final Consent CONSENT = new Consent(true, "bench", Instant.now(), Consent.TEXT_VERSION);
    private static final List<Transform> TRANSFORMS = List.of(new DefaultTransform(), new TruncateTransform(),
            new CountryRegionCodeTransform(), new org.ferry.transforms.internal.mapping.ValueMapTransform());

    private Projects() {
    }

    /** Generated accounts → CDS Account, every column of the hub's Account filled. */
    static EngineHarness hubLeg(Path dir, CdsConnectorFactory cds, GeneratedAccounts source, TimedConnection.Clock sourceClock,
                              TimedConnection.Clock hubClock) throws Exception {
        return hubLeg(dir, cds, source, sourceClock, hubClock, false);
    }

    /**
     * @param failing whether every record fails: the country goes through a value map that knows no country, so each
     *                record is kept among the run's errors with the record as read (the triage benchmark)
     */
    static EngineHarness hubLeg(Path dir, CdsConnectorFactory cds, GeneratedAccounts source, TimedConnection.Clock sourceClock,
                                TimedConnection.Clock hubClock, boolean failing) throws Exception {
        FieldMapping country = failing ? new FieldMapping("Address1_Country", "address1_country",
                List.of(TransformStep.valueMap(Map.of("Atlantis", "AT"))))
                : FieldMapping.direct("Address1_Country", "address1_country");
        List<FieldMapping> toHub = List.of(FieldMapping.direct("AccountId", "accountnumber"),
                FieldMapping.direct("Name", "name"), FieldMapping.direct("Description", "description"),
                FieldMapping.direct("Telephone1", "telephone1"), FieldMapping.direct("Fax", "fax"),
                FieldMapping.direct("Email", "emailaddress1"), FieldMapping.direct("WebSite", "websiteurl"),
                FieldMapping.direct("Address1_Line1", "address1_line1"), FieldMapping.direct("Address1_Line2", "address1_line2"),
                FieldMapping.direct("Address1_City", "address1_city"),
                FieldMapping.direct("Address1_StateOrProvince", "address1_stateorprovince"),
                FieldMapping.direct("Address1_PostalCode", "address1_postalcode"),
                country, FieldMapping.direct("CreditLimit", "creditlimit"),
                FieldMapping.direct("CurrencyCode", "currencycode"), FieldMapping.direct("CustomerGroupId", "customergroup"));
        // -Dferry.bench.hub.fullreads=true: a source without change tracking whose deletions the leg propagates,
        // so every run reads it whole and sweeps the keys it no longer saw
        ProjectInfo project = project(PROJECT, "set", List.of(new LegTemplate("source", GeneratedAccounts.ENTITY, "cds",
                "Account", toHub, null, List.of(), HubLegScenario.FULL_READS)));
        ConnectionSetInfo set = new ConnectionSetInfo("set", "Bench", Map.of("source", "c-source", "cds", "c-hub"),
                List.of(new OrganizationMapping("M", Map.of("cds", "ORG001"))), Map.of(), null, null);
        return EngineHarness.in(dir).connection("c-source", "generated", () -> new TimedConnection(source, sourceClock))
                .connection("c-hub", "cds", () -> new TimedConnection(hub(cds, dir), hubClock))
                .transforms(TRANSFORMS).start().project(project).connectionSet(set);
    }

    /** Where a sandbox serves the two legs: its Sales and Operations services, its token endpoint and client secret. */
    record Endpoints(String salesUrl, String operationsUrl, String tokenUrl, String secret) {
    }

    /** Sales account → CDS Account → Operations CustomersV3, over HTTP to a sandbox. */
    static EngineHarness twoLegs(Path dir, CdsConnectorFactory cds, Endpoints sandbox, TimedConnection.Clock sales,
                                 TimedConnection.Clock hub, TimedConnection.Clock ops) throws Exception {
        return twoLegs(dir, cds, sandbox, null, sales, hub, ops, null);
    }

    /**
     * @param warmUp where the warm-up projects ({@link #addWarmUpProject}) read and write, through connections of their
     *               own; {@code null}: the engine runs the benchmark's project only
     * @param store  how Ferry's store is opened; {@code null}: embedded Derby in the folder
     */
    static EngineHarness twoLegs(Path dir, CdsConnectorFactory cds, Endpoints sandbox, Endpoints warmUp,
                                 TimedConnection.Clock sales, TimedConnection.Clock hub, TimedConnection.Clock ops,
                                 EngineHarness.StoreOpener store) throws Exception {
        // one factory per connector type for the harness's life, as the server's DS components live as long as their
        // bundle: what a factory keeps across its connections (the services' schemas) is kept here too
        SalesConnectorFactory salesType = new SalesConnectorFactory();
        OperationsConnectorFactory opsType = new OperationsConnectorFactory();
        EngineHarness.Builder engine = EngineHarness.in(dir)
                .connection("c-sales", "dynamics-sales", () -> new TimedConnection(salesType
                        .open(ConnectorConfig.of(salesConfig(sandbox)), context(dir, "c-sales")), sales))
                .connection("c-hub", "cds", () -> new TimedConnection(hub(cds, dir), hub))
                .connection("c-ops", "dynamics-operations", () -> new TimedConnection(opsType
                        .open(ConnectorConfig.of(opsConfig(sandbox)), context(dir, "c-ops")), ops));
        if (warmUp != null) {
            engine.connection(WARM_UP_SALES, "dynamics-sales", () -> salesType
                            .open(ConnectorConfig.of(salesConfig(warmUp)), context(dir, WARM_UP_SALES)))
                    .connection(WARM_UP_OPS, "dynamics-operations", () -> opsType
                            .open(ConnectorConfig.of(opsConfig(warmUp)), context(dir, WARM_UP_OPS)));
        }
        return engine.transforms(TRANSFORMS).store(store).start().project(twoLegProject(PROJECT, "set"))
                .connectionSet(twoLegSet("set", "c-sales", "c-ops", "ORG001", "USMF"));
    }

    /**
     * Adds the warm-up's project of this round to an engine made with warm-up endpoints: the benchmark's two legs, from
     * the warm-up's Sales into hub organization {@code WARM<round>} (created here) and on to the legal entity DEMF.
     *
     * @return the project's id
     */
    static String addWarmUpProject(EngineHarness engine, CdsConnectorFactory cds, int round) {
        String id = "warm-up-" + round;
        try (Connection hub = hub(cds, engine.dir(), "c-hub-" + id, warmUpOrganization(round))) {
            hub.organizationUnits(); // a CDS connection creates its missing organizations on first use
        }
        engine.connectionSet(twoLegSet("set-" + id, WARM_UP_SALES, WARM_UP_OPS, warmUpOrganization(round), "DEMF"));
        engine.project(twoLegProject(id, "set-" + id));
        return id;
    }

    /** @return the hub organization the warm-up's project of this round writes to */
    static String warmUpOrganization(int round) {
        return "WARM" + round;
    }

    private static ProjectInfo twoLegProject(String id, String setId) {
        List<FieldMapping> toHub = List.of(FieldMapping.direct("AccountId", "accountnumber"),
                FieldMapping.direct("Name", "name"), FieldMapping.direct("Telephone1", "telephone1"),
                FieldMapping.direct("Email", "emailaddress1"), FieldMapping.direct("WebSite", "websiteurl"),
                FieldMapping.direct("Address1_Line1", "address1_line1"), FieldMapping.direct("Address1_City", "address1_city"),
                FieldMapping.direct("Address1_StateOrProvince", "address1_stateorprovince"),
                FieldMapping.direct("Address1_PostalCode", "address1_postalcode"),
                FieldMapping.direct("Address1_Country", "address1_country"), FieldMapping.direct("CreditLimit", "creditlimit"),
                FieldMapping.direct("CurrencyCode", "transactioncurrencyid.isocurrencycode"),
                new FieldMapping("CustomerGroupId", null, List.of(TransformStep.defaultValue("10"))));
        List<FieldMapping> toOps = List.of(FieldMapping.direct("CustomerAccount", "AccountId"),
                new FieldMapping("OrganizationName", "Name", List.of(new TransformStep("Truncate", Map.of()))),
                FieldMapping.direct("AddressStreet", "Address1_Line1"), FieldMapping.direct("AddressCity", "Address1_City"),
                FieldMapping.direct("AddressZipCode", "Address1_PostalCode"),
                new FieldMapping("AddressCountryRegionISOCode", "Address1_Country",
                        List.of(new TransformStep("CountryRegionCode", Map.of("to", "alpha2")))),
                FieldMapping.direct("PrimaryContactPhone", "Telephone1"), FieldMapping.direct("PrimaryContactEmail", "Email"),
                FieldMapping.direct("CreditLimit", "CreditLimit"), FieldMapping.direct("CustomerGroupId", "CustomerGroupId"),
                FieldMapping.direct("SalesCurrencyCode", "CurrencyCode"));
        // -Dferry.bench.deletes=true: both legs propagate deletions, so the hash store keeps each record's source id
        boolean deletes = Boolean.getBoolean("ferry.bench.deletes");
        return project(id, setId, List.of(
                new LegTemplate("sales", "account", "cds", "Account", toHub, null, List.of(), deletes),
                new LegTemplate("cds", "Account", "operations", "CustomersV3", toOps, null, List.of(), deletes)));
    }

    private static ConnectionSetInfo twoLegSet(String id, String sales, String ops, String organization,
                                               String legalEntity) {
        return new ConnectionSetInfo(id, id, Map.of("sales", sales, "cds", "c-hub", "operations", ops),
                List.of(new OrganizationMapping("M", Map.of("cds", organization, "operations", legalEntity))),
                Map.of(), null, null);
    }

    private static Map<String, String> salesConfig(Endpoints sandbox) {
        return Map.of("baseUrl", sandbox.salesUrl(), "tokenUrl", sandbox.tokenUrl(), "clientId", "ferry-sandbox",
                "clientSecret", sandbox.secret());
    }

    /**
     * Batches of 1,000 (the connector's most; the default is 100): the connector spreads each over parallel $batch
     * requests of 100, so the leg is not a chain of 1,000 round trips one after the other.
     */
    private static Map<String, String> opsConfig(Endpoints sandbox) {
        return Map.of("baseUrl", sandbox.operationsUrl(), "tokenUrl", sandbox.tokenUrl(), "clientId", "ferry-sandbox",
                "clientSecret", sandbox.secret(), "batchSize", System.getProperty("ferry.bench.opsBatch", "1000"));
    }

    /** A Sales connection outside the engine, to change source records between runs. */
    static Connection sales(Path dir, Endpoints sandbox) {
        return new SalesConnectorFactory().open(ConnectorConfig.of(salesConfig(sandbox)), context(dir, "c-edit"));
    }

    static Connection hub(CdsConnectorFactory cds, Path dir) {
        return hub(cds, dir, "c-hub", "ORG001");
    }

    /** A connection to the benchmarks' hub environment that creates these organizations (comma-separated) if missing. */
    private static Connection hub(CdsConnectorFactory cds, Path dir, String id, String organizations) {
        return cds.open(ConnectorConfig.of(Map.of("environment", "bench", "organizations", organizations)), context(dir, id));
    }

    private static ProjectInfo project(String id, String setId, List<LegTemplate> legs) {
        return new ProjectInfo(id, "Benchmark " + id, null, setId, "M", CONSENT,
                List.of(new ProjectTask("t", "Accounts", legs)), -1, Instant.now(), Instant.now());
    }

    static ConnectionContext context(Path dir, String id) {
        return new ConnectionContext() {
            @Override
            public String connectionId() {
                return id;
            }

            @Override
            public String connectionName() {
                return id;
            }

            @Override
            public Path workDirectory() {
                return dir.resolve("work").resolve(id);
            }

            @Override
            public boolean allowInsecureLoopback() {
                return true;
            }
        };
    }
}
