package org.ferry.connectors.operations.internal;

import static org.ferry.connectors.operations.internal.OperationsConnectorSandboxTest.open;
import static org.ferry.connectors.operations.internal.OperationsConnectorSandboxTest.readAll;
import static org.ferry.connectors.operations.internal.OperationsConnectorSandboxTest.unit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.ReferenceValue;
import org.ferry.api.data.Value;
import org.ferry.sandbox.SandboxOptions;
import org.ferry.testing.SandboxServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Writes and deletes by id (key maps) over real HTTP against the sandbox's F&amp;O emulator and its number sequences. */
class OperationsConnectorKeyMapTest {
    private static final String ORDERS = "SalesOrderHeadersV2";
    private SandboxServer sandbox;
    private Connection c;

    @BeforeEach
    void start() {
        sandbox = SandboxServer.start(SandboxOptions.builder().build());
        c = open(sandbox);
    }

    @AfterEach
    void stop() {
        c.close();
        sandbox.close();
    }

    private static EntityRecord order(String id, String customer, String currency, String name) {
        return EntityRecord.builder(ORDERS).sourceId(id).text("OrderingCustomerAccountNumber", customer)
                .text("InvoiceCustomerAccountNumber", customer).text("CurrencyCode", currency)
                .text("SalesOrderName", name).build();
    }

    /** The records of a company as the reader gives them, by their id. */
    private Map<String, EntityRecord> read(String entity, String company) {
        return readAll(c, new ReadRequest(entity, List.of(), unit(company), null, null, 1000), null).stream()
                .collect(Collectors.toMap(EntityRecord::sourceId, Function.identity()));
    }

    private static long counter(String id) {
        return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
    }

    private static void assertStatus(WriteOutcome.Status expected, WriteOutcome outcome) {
        assertEquals(expected, outcome.status(), outcome.toString());
    }

    @Test
    void createsAreNumberedByTheLegalEntityAndAnsweredWithTheReadersId() {
        assertTrue(c.capabilities().writeById());
        List<WriteOutcome> demf = c.writeById(ORDERS, unit("DEMF"),
                List.of(order(null, "DE-001", "EUR", "First"), order(null, "DE-002", "EUR", "Second")));
        List<WriteOutcome> usmf = c.writeById(ORDERS, unit("USMF"), List.of(order(null, "US-001", "USD", "Third")));
        demf.forEach(o -> assertStatus(WriteOutcome.Status.INSERTED, o));
        assertStatus(WriteOutcome.Status.INSERTED, usmf.get(0));
        String first = demf.get(0).id();
        String second = demf.get(1).id();
        assertTrue(first.startsWith("demf|") && second.startsWith("demf|"), first + ", " + second);
        assertEquals(Math.min(counter(first), counter(second)) + 1, Math.max(counter(first), counter(second)),
                "two creates take two consecutive numbers of DEMF's sequence");
        assertTrue(usmf.get(0).id().startsWith("usmf|SO-") && counter(usmf.get(0).id()) > 100_012,
                "USMF numbers continue above the sample's orders: " + usmf.get(0).id());

        Map<String, EntityRecord> readBack = read(ORDERS, "demf");
        assertEquals("First", readBack.get(first).get("SalesOrderName").asText(), "the outcome's id is the reader's id");
        assertEquals("Second", readBack.get(second).get("SalesOrderName").asText());
        assertEquals(first.substring("demf|".length()), demf.get(0).key().get("SalesOrderNumber"));
        assertTrue(read(ORDERS, "usmf").containsKey(usmf.get(0).id()));
    }

    @Test
    void anIdUpdatesItsRecordAndADeletedOneIsCreatedAgainWithANewNumber() throws Exception {
        EntityRecord customer = EntityRecord.builder("CustomersV3").text("OrganizationName", "Key-mapped Ltd")
                .text("CustomerGroupId", "10").text("SalesCurrencyCode", "USD").build();
        String id = c.writeById("CustomersV3", unit("USMF"), List.of(customer)).get(0).id();
        assertTrue(id.startsWith("usmf|US-"), id);

        EntityRecord renamed = customer.toBuilder().sourceId(id).text("OrganizationName", "Renamed Ltd").build();
        WriteOutcome updated = c.writeById("CustomersV3", unit("USMF"), List.of(renamed)).get(0);
        assertStatus(WriteOutcome.Status.UPDATED, updated);
        assertEquals(id, updated.id());
        Map<String, EntityRecord> before = read("CustomersV3", "usmf");
        assertEquals("Renamed Ltd", before.get(id).get("OrganizationName").asText());

        String account = id.substring("usmf|".length());
        HttpResponse<String> deleted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                sandbox.operationsDataUrl() + "CustomersV3(dataAreaId='usmf',CustomerAccount='" + account + "')"))
                .header("Authorization", "Bearer " + sandbox.accessToken(sandbox.operationsUrl() + "/.default"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, deleted.statusCode(), deleted.body());

        WriteOutcome recreated = c.writeById("CustomersV3", unit("USMF"),
                List.of(renamed.toBuilder().text("OrganizationName", "Back again").build())).get(0);
        assertStatus(WriteOutcome.Status.INSERTED, recreated);
        assertNotEquals(id, recreated.id());
        assertEquals(counter(id) + 1, counter(recreated.id()), "created anew with the sequence's next number");
        Map<String, EntityRecord> after = read("CustomersV3", "usmf");
        assertNull(after.get(id));
        assertEquals("Back again", after.get(recreated.id()).get("OrganizationName").asText());
        assertEquals(before.size(), after.size());
    }

    @Test
    void deleteByIdRemovesTheRecordAndAMissingIdCountsAsDeleted() {
        String id = c.writeById(ORDERS, unit("USMF"), List.of(order(null, "US-002", "USD", "Doomed"))).get(0).id();
        assertTrue(read(ORDERS, "usmf").containsKey(id));
        List<WriteOutcome> outcomes = c.deleteById(ORDERS, unit("USMF"), List.of(id, "usmf|SO-NEVER"));
        assertStatus(WriteOutcome.Status.DELETED, outcomes.get(0));
        assertStatus(WriteOutcome.Status.DELETED, outcomes.get(1));
        assertEquals(id, outcomes.get(0).id());
        assertTrue(!read(ORDERS, "usmf").containsKey(id));
        assertTrue(read(ORDERS, "usmf").containsKey("usmf|SO-100001"), "other orders stay");

        // a composite key: the id of an order line is company|order|line, as the reader gives it
        String line = "usmf|SO-100001|2";
        assertTrue(read("CDSSalesOrderLines", "usmf").containsKey(line));
        WriteOutcome lineDeleted = c.deleteById("CDSSalesOrderLines", null, List.of(line)).get(0);
        assertStatus(WriteOutcome.Status.DELETED, lineDeleted);
        assertEquals("2", lineDeleted.key().get("LineCreationSequenceNumber"));
        Map<String, EntityRecord> lines = read("CDSSalesOrderLines", "usmf");
        assertTrue(!lines.containsKey(line) && lines.containsKey("usmf|SO-100001|1"), lines.keySet().toString());
    }

    @Test
    void aLookupByIdIsWrittenAsThePlainKeyFieldWithoutItsCompany() {
        String customer = c.writeById("CustomersV3", unit("DEMF"), List.of(EntityRecord.builder("CustomersV3")
                .text("OrganizationName", "Referenced GmbH").text("CustomerGroupId", "10").text("SalesCurrencyCode", "EUR")
                .build())).get(0).id();
        EntityRecord o = EntityRecord.builder(ORDERS).text("CurrencyCode", "EUR")
                .set("OrderingCustomerAccountNumber", ReferenceValue.byId("CustomersV3", customer))
                .set("InvoiceCustomerAccountNumber", ReferenceValue.byId("CustomersV3", customer)).build();
        WriteOutcome written = c.writeById(ORDERS, unit("DEMF"), List.of(o)).get(0);
        assertStatus(WriteOutcome.Status.INSERTED, written);
        assertEquals(customer.substring("demf|".length()),
                read(ORDERS, "demf").get(written.id()).get("OrderingCustomerAccountNumber").asText());

        // a key field that is a lookup: the line's order number comes from the header's id
        String header = c.writeById("CDSSalesOrderHeaders", unit("DEMF"), List.of(EntityRecord.builder("CDSSalesOrderHeaders")
                .text("CurrencyCode", "EUR").set("OrderingCustomerAccountNumber", ReferenceValue.byId("CustomersV3", customer))
                .build())).get(0).id();
        WriteOutcome line = c.writeById("CDSSalesOrderLines", unit("DEMF"), List.of(EntityRecord.builder("CDSSalesOrderLines")
                .set("SalesOrderNumber", ReferenceValue.byId("CDSSalesOrderHeaders", header))
                .set("LineCreationSequenceNumber", Value.integer(1)).text("ProductNumber", "D0001")
                .build())).get(0);
        assertStatus(WriteOutcome.Status.INSERTED, line);
        assertEquals(header + "|1", line.id());
        assertTrue(read("CDSSalesOrderLines", "demf").containsKey(line.id()));
    }

    @Test
    void aDroppedNumberedCreateFailsHonestlyAndIsNeverSentTwice() {
        try (SandboxServer faulty = SandboxServer.start(SandboxOptions.builder().dropRate(0.5).build());
             Connection f = open(faulty)) {
            List<EntityRecord> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                batch.add(order(null, "US-003", "USD", "Drop " + i));
            }
            // ten calls, so the creates travel in ten $batch requests, of which some lose their answer
            List<WriteOutcome> outcomes = new ArrayList<>();
            for (int i = 0; i < batch.size(); i += 10) {
                outcomes.addAll(f.writeById(ORDERS, unit("USMF"), batch.subList(i, i + 10)));
            }
            List<WriteOutcome> failed = outcomes.stream().filter(o -> o.status() == WriteOutcome.Status.FAILED).toList();
            assertTrue(faulty.requestLog().dropped() > 0 && !failed.isEmpty(), "the sandbox dropped some creates");
            failed.forEach(o -> assertTrue(o.message().contains("cannot be told"), o.message()));
            Map<String, EntityRecord> created = readAll(f, new ReadRequest(ORDERS, List.of(), unit("usmf"), null,
                    "SalesOrderName eq 'Drop *'", 1000), null).stream()
                    .collect(Collectors.toMap(EntityRecord::sourceId, Function.identity()));
            assertEquals(100, created.size(), "a dropped create was applied once and not sent again");
            outcomes.stream().filter(o -> o.status() == WriteOutcome.Status.INSERTED)
                    .forEach(o -> assertTrue(created.containsKey(o.id()), o.toString()));
        }
    }

    @Test
    void aCreateWithoutAKeyThatCannotBeNumberedFailsAloneAndTheBatchGoesOn() {
        List<WriteOutcome> outcomes = c.writeById("CustomerGroups", unit("USMF"), List.of(
                EntityRecord.builder("CustomerGroups").text("Description", "No id given").build(),
                EntityRecord.builder("CustomerGroups").text("CustomerGroupId", "KM1").text("Description", "Given").build(),
                EntityRecord.builder("CustomerGroups").sourceId("usmf|10").text("Description", "Renamed group").build()));
        assertStatus(WriteOutcome.Status.FAILED, outcomes.get(0));
        assertTrue(outcomes.get(0).message().contains("CustomerGroupId"), outcomes.get(0).message());
        assertNull(outcomes.get(0).id());
        assertStatus(WriteOutcome.Status.INSERTED, outcomes.get(1));
        assertEquals("usmf|KM1", outcomes.get(1).id());
        assertStatus(WriteOutcome.Status.UPDATED, outcomes.get(2));
        Map<String, EntityRecord> groups = read("CustomerGroups", "usmf");
        assertEquals("Given", groups.get("usmf|KM1").get("Description").asText());
        assertEquals("Renamed group", groups.get("usmf|10").get("Description").asText());
        assertTrue(groups.values().stream().noneMatch(g -> g.get("Description") != null
                && "No id given".equals(g.get("Description").asText())), "nothing was created for the failed record");
    }
}
