package org.ferry.connectors.operations.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.EntityRecord;
import org.ferry.sandbox.SandboxOptions;
import org.ferry.testing.SandboxServer;
import org.junit.jupiter.api.Test;

/** Large writes through the data management package API, failed records reported by their business keys. */
class PackageSandboxTest {

    @Test
    void aPackageImportWithBadRowsReportsEachByBusinessKeyAndWritesTheRest() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().build());
             Connection c = OperationsConnectorSandboxTest.open(sandbox, Map.of("packageThreshold", "0"))) {
            String group = OperationsConnectorSandboxTest.group(c, "usmf");
            List<EntityRecord> records = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                // three bad rows: an unknown customer group, a name too long, and no currency
                EntityRecord r = OperationsConnectorSandboxTest.customer("PKG-" + i, "Package customer " + i,
                        i == 11 ? "NO-SUCH-GROUP" : group);
                if (i == 23) {
                    r = r.toBuilder().text("OrganizationName", "n".repeat(120)).build();
                }
                if (i == 42) {
                    r = r.toBuilder().text("SalesCurrencyCode", "").build();
                }
                records.add(r);
            }

            List<WriteOutcome> outcomes = c.upsert("CustomersV3", OperationsConnectorSandboxTest.unit("usmf"), records);

            Map<String, String> failed = outcomes.stream().filter(o -> o.status() == WriteOutcome.Status.FAILED)
                    .collect(Collectors.toMap(o -> o.key().get("CustomerAccount"), WriteOutcome::message));
            assertEquals(Set.of("PKG-11", "PKG-23", "PKG-42"), failed.keySet(), failed.toString());
            assertTrue(failed.get("PKG-11").contains("NO-SUCH-GROUP"), failed.get("PKG-11"));
            assertTrue(failed.get("PKG-23").contains("OrganizationName"), failed.get("PKG-23"));
            assertTrue(failed.get("PKG-42").contains("SalesCurrencyCode"), failed.get("PKG-42"));
            assertEquals(57, outcomes.stream().filter(o -> o.status() == WriteOutcome.Status.UPDATED).count());

            Set<String> stored = OperationsConnectorSandboxTest.readAll(c, new ReadRequest("CustomersV3", List.of(),
                    OperationsConnectorSandboxTest.unit("usmf"), null, "CustomerAccount eq 'PKG-*'", 1000), null).stream()
                    .map(r -> r.key().get("CustomerAccount")).collect(Collectors.toSet());
            assertEquals(57, stored.size());
            assertTrue(!stored.contains("PKG-11") && stored.contains("PKG-12"));
            assertTrue(sandbox.requestLog().entries().stream().anyMatch(e -> e.path().endsWith("ImportFromPackage")));
            assertTrue(sandbox.requestLog().entries().stream().noneMatch(e -> e.path().endsWith("$batch")),
                    "no record went through OData");
            assertTrue(sandbox.requestLog().entries().stream().filter(e -> e.service().equals("blob"))
                    .allMatch(e -> e.client().equals("anonymous")), "the storage never saw Ferry's token");
        }
    }

    @Test
    void valuesWithCommasQuotesLineBreaksAndSpacesArriveAsWritten() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().build());
             Connection c = OperationsConnectorSandboxTest.open(sandbox, Map.of("packageThreshold", "0"))) {
            String group = OperationsConnectorSandboxTest.group(c, "usmf");
            Map<String, String> names = Map.of("CSV-1", "Smith, \"Bob\" & Co", "CSV-2", "two\r\nlines",
                    "CSV-3", " spaced ", "CSV-4", "#1 - plain");
            List<EntityRecord> records = names.entrySet().stream()
                    .map(e -> OperationsConnectorSandboxTest.customer(e.getKey(), e.getValue(), group)).toList();

            assertTrue(c.upsert("CustomersV3", OperationsConnectorSandboxTest.unit("usmf"), records).stream()
                    .allMatch(o -> o.status() == WriteOutcome.Status.UPDATED));

            Map<String, String> stored = OperationsConnectorSandboxTest.readAll(c, new ReadRequest("CustomersV3",
                    List.of(), OperationsConnectorSandboxTest.unit("usmf"), null, "CustomerAccount eq 'CSV-*'", 1000), null)
                    .stream().collect(Collectors.toMap(r -> r.key().get("CustomerAccount"),
                            r -> r.get("OrganizationName").asText()));
            assertEquals(names, stored);
            assertTrue(sandbox.requestLog().entries().stream().anyMatch(e -> e.path().endsWith("ImportFromPackage")));
        }
    }

    @Test
    void belowTheThresholdARunWritesThroughOData() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().build());
             Connection c = OperationsConnectorSandboxTest.open(sandbox, Map.of("packageThreshold", "100"))) {
            String group = OperationsConnectorSandboxTest.group(c, "usmf");
            List<EntityRecord> few = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                few.add(OperationsConnectorSandboxTest.customer("ODT-" + i, "OData customer " + i, group));
            }
            assertTrue(c.upsert("CustomersV3", OperationsConnectorSandboxTest.unit("usmf"), few).stream()
                    .allMatch(o -> o.status() == WriteOutcome.Status.INSERTED));
            assertTrue(sandbox.requestLog().entries().stream().noneMatch(e -> e.path().endsWith("ImportFromPackage")));
            // the run goes past 100 records: the rest through a package
            List<WriteOutcome> more = c.upsert("CustomersV3", OperationsConnectorSandboxTest.unit("usmf"), few.subList(0, 40));
            assertTrue(more.stream().allMatch(o -> o.status() == WriteOutcome.Status.UPDATED));
            assertTrue(sandbox.requestLog().entries().stream().anyMatch(e -> e.path().endsWith("ImportFromPackage")));
        }
    }
}
