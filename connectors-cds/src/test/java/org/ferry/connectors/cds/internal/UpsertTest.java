package org.ferry.connectors.cds.internal;

import static org.ferry.api.connector.WriteOutcome.Status.DELETED;
import static org.ferry.api.connector.WriteOutcome.Status.FAILED;
import static org.ferry.api.connector.WriteOutcome.Status.INSERTED;
import static org.ferry.api.connector.WriteOutcome.Status.UNCHANGED;
import static org.ferry.api.connector.WriteOutcome.Status.UPDATED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.ReferenceValue;
import org.ferry.api.data.Value;
import org.ferry.api.data.ValueType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpsertTest {
    @TempDir
    Path dir;
    Hub hub;
    Connection c;

    @BeforeEach
    void open() {
        hub = new Hub(dir);
        c = hub.open();
    }

    @AfterEach
    void close() {
        c.close();
        hub.close();
    }

    private List<WriteOutcome.Status> statuses(List<WriteOutcome> outcomes) {
        return outcomes.stream().map(WriteOutcome::status).toList();
    }

    private Map<String, EntityRecord> accounts() {
        return Hub.drain(c.read(Hub.read("Account", Hub.ORG1, null)), 1000).stream()
                .collect(java.util.stream.Collectors.toMap(r -> r.key().asText(), r -> r));
    }

    @Test
    void insertsUpdatesAndReportsUnchanged() {
        assertEquals(List.of(INSERTED, INSERTED), statuses(c.upsert("Account", Hub.ORG1,
                List.of(Hub.account("A-1", "Contoso"), Hub.account("A-2", "Fabrikam")))));
        EntityRecord withLimit = Hub.account("A-2", "Fabrikam").toBuilder()
                .set("CreditLimit", Value.decimal("1000.5")).build();
        assertEquals(List.of(UNCHANGED, UPDATED), statuses(c.upsert("Account", Hub.ORG1,
                List.of(Hub.account("A-1", "Contoso"), withLimit))));
        // the same decimal at another scale is no change
        EntityRecord sameLimit = Hub.account("A-2", "Fabrikam").toBuilder()
                .set("CreditLimit", Value.decimal("1000.5000")).build();
        assertEquals(List.of(UNCHANGED), statuses(c.upsert("Account", Hub.ORG1, List.of(sameLimit))));
        // a field left out is kept; a field sent as null is cleared
        EntityRecord onlyName = EntityRecord.builder("Account").key(BusinessKey.of("AccountId", "A-2"))
                .text("Name", "Fabrikam Inc").build();
        assertEquals(List.of(UPDATED), statuses(c.upsert("Account", Hub.ORG1, List.of(onlyName))));
        EntityRecord stored = accounts().get("A-2");
        assertEquals(Value.text("Fabrikam Inc"), stored.get("Name"));
        assertEquals(Value.decimal("1000.5"), stored.get("CreditLimit"));
        assertEquals("ORG001", stored.organization());
        assertTrue(stored.modifiedOn() != null && stored.sourceId() != null);
        EntityRecord cleared = onlyName.toBuilder().set("CreditLimit", null).build();
        assertEquals(List.of(UPDATED), statuses(c.upsert("Account", Hub.ORG1, List.of(cleared))));
        assertEquals(null, accounts().get("A-2").get("CreditLimit"));
    }

    @Test
    void refusesTooLongTextAndWritesTheOthers() {
        List<WriteOutcome> out = c.upsert("Account", Hub.ORG1, List.of(Hub.account("A-1", "Contoso"),
                Hub.account("A-2", "x".repeat(161)), Hub.account("A-3", "Litware")));
        assertEquals(List.of(INSERTED, FAILED, INSERTED), statuses(out));
        assertEquals("Name", out.get(1).field());
        assertTrue(out.get(1).message().contains("maximum allowed length of '160'"), out.get(1).message());
        assertTrue(out.get(1).message().contains("161"), out.get(1).message());
        assertEquals(BusinessKey.of("AccountId", "A-2"), out.get(1).key());
        assertEquals(2, accounts().size());
    }

    @Test
    void refusesMissingRequiredFieldsTypeMismatchesAndUnknownFields() {
        EntityRecord noName = EntityRecord.builder("Account").key(BusinessKey.of("AccountId", "A-9")).build();
        EntityRecord badType = Hub.account("A-8", "X").toBuilder().set("CreditLimit", Value.text("lots")).build();
        EntityRecord unknown = Hub.account("A-7", "X").toBuilder().text("Colour", "red").build();
        EntityRecord noKey = EntityRecord.builder("Account").text("Name", "No key").build();
        List<WriteOutcome> out = c.upsert("Account", Hub.ORG1, List.of(noName, badType, unknown, noKey));
        assertEquals(List.of(FAILED, FAILED, FAILED, FAILED), statuses(out));
        assertEquals("Name", out.get(0).field());
        assertEquals("CreditLimit", out.get(1).field());
        assertEquals("Colour", out.get(2).field());
        assertEquals("AccountId", out.get(3).field());
        c.upsert("Account", Hub.ORG1, List.of(Hub.account("A-1", "Contoso")));
        EntityRecord clearName = EntityRecord.builder("Account").key(BusinessKey.of("AccountId", "A-1"))
                .set("Name", null).build();
        assertEquals(List.of(FAILED), statuses(c.upsert("Account", Hub.ORG1, List.of(clearName))));
    }

    @Test
    void scopesRecordsByOrganization() {
        c.upsert("Account", Hub.ORG1, List.of(Hub.account("A-1", "Contoso US")));
        c.upsert("Account", Hub.ORG2, List.of(Hub.account("A-1", "Contoso EU"), Hub.account("A-2", "Other")));
        assertEquals(Value.text("Contoso US"), accounts().get("A-1").get("Name"));
        assertEquals(1, accounts().size());
        assertEquals(2, Hub.drain(c.read(Hub.read("Account", Hub.ORG2, null)), 1000).size());
        assertEquals(3, Hub.drain(c.read(Hub.read("Account", null, null)), 1000).size());
        List<WriteOutcome> out = c.upsert("Account", Hub.org("ORG404"), List.of(Hub.account("A-1", "X")));
        assertEquals(FAILED, out.get(0).status());
        assertTrue(out.get(0).message().contains("valid organizations: ORG001, ORG002"), out.get(0).message());
        // the record's own organization is used when the write names none
        EntityRecord own = Hub.account("A-5", "Own").toBuilder().text("Organization_OrganizationId", "ORG002").build();
        assertEquals(List.of(INSERTED), statuses(c.upsert("Account", null, List.of(own))));
        assertEquals(3, Hub.drain(c.read(Hub.read("Account", Hub.ORG2, null)), 1000).size());
    }

    @Test
    void resolvesLookupsWithinTheOrganization() {
        c.upsert("Account", Hub.ORG1, List.of(Hub.account("A-1", "Contoso")));
        c.upsert("Product", Hub.ORG1, List.of(EntityRecord.builder("Product").text("ProductId", "P-1")
                .text("Name", "Widget").set("SellingUnitPrice", Value.decimal("9.99"))
                .text("SellingUnitPrice_CurrencyCode", "USD").set("IsStocked", Value.bool(true)).build()));
        EntityRecord order = EntityRecord.builder("SalesOrder").text("SalesOrderId", "SO-1").text("Name", "First")
                .set("Account_AccountId", Value.reference("Account", BusinessKey.of("AccountId", "A-1")))
                .set("OrderDate", Value.date(LocalDate.of(2020, 1, 1))).set("Status", Value.integer(1)).build();
        EntityRecord orphan = EntityRecord.builder("SalesOrder").text("SalesOrderId", "SO-2")
                .text("Account_AccountId", "A-404").build();
        List<WriteOutcome> out = c.upsert("SalesOrder", Hub.ORG1, List.of(order, orphan));
        assertEquals(List.of(INSERTED, FAILED), statuses(out));
        assertEquals("Account_AccountId", out.get(1).field());
        assertTrue(out.get(1).message().contains("'A-404'") && out.get(1).message().contains("ORG001"));
        // the same account number exists only in ORG001
        assertEquals(FAILED, c.upsert("SalesOrder", Hub.ORG2, List.of(order)).get(0).status());

        EntityRecord line = EntityRecord.builder("SalesOrderLine")
                .key(BusinessKey.of(Map.of("SalesOrder_SalesOrderId", "SO-1", "Sequence", "1")))
                .text("Product_ProductId", "P-1").set("Quantity", Value.integer(3))
                .set("UnitPrice", Value.decimal("9.99")).build();
        EntityRecord badLine = EntityRecord.builder("SalesOrderLine").text("SalesOrder_SalesOrderId", "SO-2")
                .set("Sequence", Value.integer(1)).build();
        assertEquals(List.of(INSERTED, FAILED), statuses(c.upsert("SalesOrderLine", Hub.ORG1, List.of(line, badLine))));
        EntityRecord read = Hub.drain(c.read(Hub.read("SalesOrderLine", Hub.ORG1, null)), 1000).get(0);
        assertEquals("SO-1|1", read.key().asText());
        // lookups read back with the related record's hub id, so the engine can translate them through key maps
        String productId = Hub.drain(c.read(Hub.read("Product", Hub.ORG1, null)), 10).get(0).sourceId();
        assertEquals(Value.reference("Product", BusinessKey.of("ProductId", "P-1")).withId(productId),
                read.get("Product_ProductId"));
        assertEquals(new BigDecimal("3"), ((org.ferry.api.data.DecimalValue) read.get("Quantity")).value().stripTrailingZeros());
        assertTrue(read.get("SalesOrder_SalesOrderId") instanceof ReferenceValue);
        // a key of "01" is the same line as "1"
        EntityRecord again = EntityRecord.builder("SalesOrderLine")
                .key(BusinessKey.of(Map.of("SalesOrder_SalesOrderId", "SO-1", "Sequence", "01")))
                .set("Quantity", Value.integer(3)).build();
        assertEquals(List.of(UNCHANGED), statuses(c.upsert("SalesOrderLine", Hub.ORG1, List.of(again))));
    }

    @Test
    void mergesRepeatedKeysInOneBatch() {
        List<WriteOutcome> out = c.upsert("Account", Hub.ORG1, List.of(Hub.account("A-1", "First"),
                Hub.account("A-1", "Second"), Hub.account("A-1", "Second")));
        assertEquals(List.of(INSERTED, UPDATED, UNCHANGED), statuses(out));
        assertEquals(Value.text("Second"), accounts().get("A-1").get("Name"));
    }

    /**
     * New rows go 100 to a statement on Derby, the rest one by one: every value of every row must arrive as sent, in
     * both, and a field left empty stays empty.
     */
    @Test
    void keepsEveryValueOfALargeBatch() {
        List<EntityRecord> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 230; i++) {
            EntityRecord.Builder b = Hub.account(String.format("L-%04d", i), "Name " + i).toBuilder()
                    .set("CreditLimit", Value.decimal(BigDecimal.valueOf(i * 100 + 1, 2)));
            if (i % 3 != 0) {
                b.text("Address1_City", "City " + i);
            }
            batch.add(b.build());
        }
        assertEquals(java.util.Collections.nCopies(230, INSERTED), statuses(c.upsert("Account", Hub.ORG1, batch)));
        Map<String, EntityRecord> stored = accounts();
        assertEquals(230, stored.size());
        for (int i = 0; i < 230; i++) {
            EntityRecord r = stored.get(String.format("L-%04d", i));
            assertEquals(Value.text("Name " + i), r.get("Name"));
            assertEquals(0, BigDecimal.valueOf(i * 100 + 1, 2).compareTo(((org.ferry.api.data.DecimalValue) r.get("CreditLimit")).value()),
                    r.get("CreditLimit").asText());
            assertEquals(i % 3 != 0 ? Value.text("City " + i) : null, r.get("Address1_City"));
        }
        assertEquals(java.util.Collections.nCopies(230, UNCHANGED), statuses(c.upsert("Account", Hub.ORG1, batch)));
    }

    /**
     * A batch whose keys all sort above the table's greatest key skips the look-up of stored rows; the outcomes must
     * be the same as with it: a key stored in another organization, a key below the greatest, a key equal to it, and
     * keys with a space (which Derby compares padded) all still find what is stored.
     */
    @Test
    void findsStoredRowsWhicheverSideOfTheGreatestKeyTheBatchLies() {
        assertEquals(List.of(INSERTED, INSERTED), statuses(c.upsert("Account", Hub.ORG1,
                List.of(Hub.account("B-1", "One"), Hub.account("B-5", "Five")))));
        // below the greatest key, in the other organization: new there
        assertEquals(List.of(INSERTED), statuses(c.upsert("Account", Hub.ORG2, List.of(Hub.account("B-3", "Three")))));
        // above the greatest key: new; and the greatest itself, unchanged, in one batch
        assertEquals(List.of(INSERTED, UNCHANGED), statuses(c.upsert("Account", Hub.ORG1,
                List.of(Hub.account("B-9", "Nine"), Hub.account("B-5", "Five")))));
        assertEquals(List.of(UPDATED), statuses(c.upsert("Account", Hub.ORG1, List.of(Hub.account("B-9", "Nine!")))));
        assertEquals(List.of(INSERTED, INSERTED), statuses(c.upsert("Account", Hub.ORG1,
                List.of(Hub.account("C 1", "Spaced"), Hub.account("C-1", "Dashed")))));
        assertEquals(List.of(UNCHANGED, UNCHANGED), statuses(c.upsert("Account", Hub.ORG1,
                List.of(Hub.account("C 1", "Spaced"), Hub.account("C-1", "Dashed")))));
        assertEquals(5, accounts().size());
        assertEquals(Value.text("Nine!"), accounts().get("B-9").get("Name"));
    }

    /**
     * Two writers of the same ascending keys at once: each may find the table's greatest key below its batch and skip
     * the look-up, and then one of them meets the other's row as a key race, which redoes its transaction. Every key
     * is inserted once, and the other writer sees it unchanged; nothing fails.
     */
    @Test
    void concurrentWritersOfTheSameNewKeysInsertEachOnce() throws Exception {
        Connection other = hub.open();
        try {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            java.util.concurrent.ConcurrentHashMap<WriteOutcome.Status, java.util.concurrent.atomic.AtomicInteger>
                    counts = new java.util.concurrent.ConcurrentHashMap<>();
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<?>> writers = new java.util.ArrayList<>();
            for (Connection writer : List.of(c, other)) {
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int b = 0; b < 8; b++) { // batches over 100 rows: multi-row INSERTs and a remainder
                        List<EntityRecord> batch = new java.util.ArrayList<>();
                        for (int i = 0; i < 150; i++) {
                            batch.add(Hub.account(String.format("K-%05d", b * 150 + i), "Same"));
                        }
                        for (WriteOutcome o : writer.upsert("Account", Hub.ORG1, batch)) {
                            counts.computeIfAbsent(o.status(), k -> new java.util.concurrent.atomic.AtomicInteger())
                                    .incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<?> w : writers) {
                w.get(2, java.util.concurrent.TimeUnit.MINUTES);
            }
            pool.shutdown();
            assertEquals(1200, counts.get(INSERTED).get(), counts.toString());
            assertEquals(1200, counts.get(UNCHANGED).get(), counts.toString());
            assertEquals(2, counts.size(), counts.toString());
            Map<String, EntityRecord> stored = accounts();
            assertEquals(1200, stored.size());
            assertEquals(Value.text("Same"), stored.get("K-00000").get("Name"));
            assertEquals(Value.text("Same"), stored.get("K-01199").get("Name"));
        } finally {
            other.close();
        }
    }

    @Test
    void deletesByKeyAndProtectsOrganizationsInUse() {
        c.upsert("Account", Hub.ORG1, List.of(Hub.account("A-1", "Contoso"), Hub.account("A-2", "Fabrikam")));
        List<WriteOutcome> out = c.delete("Account", Hub.ORG1, List.of(BusinessKey.of("AccountId", "A-1"),
                BusinessKey.of("AccountId", "missing")));
        assertEquals(List.of(DELETED, DELETED), statuses(out));
        assertEquals(1, accounts().size());
        List<WriteOutcome> org = c.delete("Organization", null, List.of(BusinessKey.of("OrganizationId", "ORG001"),
                BusinessKey.of("OrganizationId", "ORG002")));
        assertEquals(List.of(FAILED, DELETED), statuses(org));
        assertTrue(org.get(0).message().contains("Account"), org.get(0).message());
    }

    @Test
    void keepsDatesInstantsAndBooleans() {
        EntitySchema schema = new EntitySchema("Event", null, List.of(FieldSchema.text("EventId", 20),
                FieldSchema.of("At", ValueType.DATE_TIME), FieldSchema.of("On", ValueType.DATE),
                FieldSchema.of("Flag", ValueType.BOOLEAN), FieldSchema.of("Count", ValueType.INTEGER)),
                null, null, List.of("EventId"), null);
        c.createEntity(schema);
        Instant at = Instant.parse("2024-03-31T01:30:00.123456Z");
        EntityRecord e = EntityRecord.builder("Event").text("EventId", "E1").set("At", Value.dateTime(at))
                .set("On", Value.date(LocalDate.of(1999, 12, 31))).set("Flag", Value.bool(false))
                .set("Count", Value.integer(Long.MAX_VALUE)).build();
        assertEquals(List.of(INSERTED), statuses(c.upsert("Event", null, List.of(e))));
        assertEquals(List.of(UNCHANGED), statuses(c.upsert("Event", null, List.of(e))));
        EntityRecord read = Hub.drain(c.read(Hub.read("Event", null, null)), 10).get(0);
        assertEquals(e.values(), read.values());
        assertEquals(null, read.organization());
    }
}
