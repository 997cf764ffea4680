package org.ferry.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ConnectorConfig;
import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.RecordReader;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.organization.OrganizationUnit;
import org.ferry.connectors.operations.internal.OperationsConnectorFactory;
import org.ferry.connectors.sales.internal.SalesConnectorFactory;

/**
 * Runs, inside the sandbox's own JVM and before it reports ready, the kinds of requests a two-leg run sends (Sales
 * account pages with their currency lookup, F&amp;O customer creates and updates in {@code $batch}es), on other data
 * than the measured run's: reads only on the Sales side, and customers of the legal entity DEMF (the run writes USMF).
 *
 * <p>Why: the real services are always warm, and their JIT is not Ferry's cost. Started just before the measured run,
 * the sandbox compiled its request paths during it (6 of its 8 CPU-seconds in a 100,000-record run were its
 * compiler's, on the same two cores as Ferry). Ferry's JVM is not touched: these requests come from this JVM.
 */
final class SandboxWarmUp {
    private static final int PAGES = 20;
    private static final int CUSTOMERS = 4_000;
    private static final int BATCH = 1_000;

    private SandboxWarmUp() {
    }

    /** @return a line saying what was done, for the sandbox's standard error */
    static String run(String salesUrl, String operationsUrl, String tokenUrl, String secret) throws Exception {
        Path dir = Files.createTempDirectory("ferry-sandbox-warm-up");
        long t0 = System.nanoTime();
        int read = 0;
        try (Connection sales = new SalesConnectorFactory().open(ConnectorConfig.of(Map.of("baseUrl", salesUrl,
                "tokenUrl", tokenUrl, "clientId", "ferry-sandbox", "clientSecret", secret)), Projects.context(dir, "warm-sales"));
             RecordReader reader = sales.read(new ReadRequest("account", List.of("accountnumber", "name", "telephone1",
                     "emailaddress1", "websiteurl", "address1_line1", "address1_city", "address1_stateorprovince",
                     "address1_postalcode", "address1_country", "creditlimit", "transactioncurrencyid.isocurrencycode"),
                     null, null, null, 500))) {
            for (int page = 0; page < PAGES; page++) {
                List<EntityRecord> records = reader.nextPage();
                if (records == null) {
                    break;
                }
                read += records.size();
            }
        }
        int written = 0;
        int failed = 0;
        OrganizationUnit demf = new OrganizationUnit("DEMF", "DEMF", OrganizationUnit.Kind.LEGAL_ENTITY, null);
        try (Connection ops = new OperationsConnectorFactory().open(ConnectorConfig.of(Map.of("baseUrl", operationsUrl,
                "tokenUrl", tokenUrl, "clientId", "ferry-sandbox", "clientSecret", secret, "batchSize", String.valueOf(BATCH))),
                Projects.context(dir, "warm-ops"))) {
            for (String name : List.of("Warm-up customer ", "Warm-up customer, renamed ")) { // creates, then updates
                for (int from = 0; from < CUSTOMERS; from += BATCH) {
                    List<EntityRecord> records = new ArrayList<>(BATCH);
                    for (int i = from; i < from + BATCH; i++) {
                        String account = String.format("WARM-%06d", i);
                        records.add(EntityRecord.builder("CustomersV3").key(BusinessKey.of("CustomerAccount", account))
                                .text("OrganizationName", name + i).text("AddressStreet", i + " Warm Street")
                                .text("AddressCity", "Berlin").text("AddressZipCode", "10115")
                                .text("AddressCountryRegionISOCode", "DE").text("PrimaryContactPhone", "+49 30 " + i)
                                .text("PrimaryContactEmail", "warm" + i + "@example.com").text("CustomerGroupId", "10")
                                .text("SalesCurrencyCode", "EUR").build());
                    }
                    for (WriteOutcome o : ops.upsert("CustomersV3", demf, records)) {
                        if (o.status() == WriteOutcome.Status.FAILED) {
                            failed++;
                        } else {
                            written++;
                        }
                    }
                }
            }
        }
        return String.format("sandbox warm-up: %,d Sales accounts read, %,d F&O customer writes in DEMF (%,d failed) in %.1f s",
                read, written, failed, (System.nanoTime() - t0) / 1e9);
    }
}
