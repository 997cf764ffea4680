package com.example.ferry.csv.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ConnectionContext;
import org.ferry.api.connector.ConnectorConfig;
import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.RecordReader;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.connector.WriteOutcome.Status;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.data.Value;
import org.ferry.api.data.ValueType;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.ConnectorException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvConnectionTest {
    static final String CUSTOMERS = "customers: key=CustomerAccount; CustomerAccount=text(20), Name=text,"
            + " CreditLimit=decimal(2), Since=date, Active=boolean, Visits=integer, SeenAt=datetime";

    @TempDir
    Path dir;

    private final CsvConnectorFactory factory = new CsvConnectorFactory();
    private final List<Connection> opened = new ArrayList<>();

    Connection open(String... extra) {
        Map<String, String> config = new HashMap<>(Map.of("directory", dir.toString(), "entities", CUSTOMERS));
        for (int i = 0; i < extra.length; i += 2) {
            config.put(extra[i], extra[i + 1]);
        }
        Connection c = factory.open(ConnectorConfig.of(config), new TestContext(dir));
        opened.add(c);
        return c;
    }

    @AfterEach
    void closeAll() {
        opened.forEach(Connection::close);
    }

    static List<EntityRecord> readAll(Connection c, String entity, int pageSize) {
        List<EntityRecord> all = new ArrayList<>();
        try (RecordReader r = c.read(ReadRequest.full(entity, pageSize))) {
            for (List<EntityRecord> page = r.nextPage(); page != null; page = r.nextPage()) {
                assertTrue(page.size() <= pageSize);
                all.addAll(page);
            }
            assertNull(r.checkpoint());
        }
        return all;
    }

    static BusinessKey key(String account) {
        return BusinessKey.of("CustomerAccount", account);
    }

    static EntityRecord customer(String account, String name, String limit) {
        return EntityRecord.builder("customers").key(key(account)).text("CustomerAccount", account)
                .text("Name", name).set("CreditLimit", limit == null ? null : Value.decimal(limit)).build();
    }

    void write(String file, String content) throws IOException {
        Files.writeString(dir.resolve(file), content, StandardCharsets.UTF_8);
    }

    String content(String file) throws IOException {
        return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
    }

    @Test
    void readsTypedValuesWithKeysInPages() throws IOException {
        write("customers.csv", "CustomerAccount,Name,CreditLimit,Since,Active,Visits,SeenAt,Extra\r\n"
                + "US-001,\"Contoso, Ltd.\",1500.5,2020-01-31,true,7,2024-05-01T10:00:00Z,ignored\r\n"
                + "US-002,\"Fabrikam\nInc.\",,,no,,2024-05-01T12:00:00+02:00,\r\n"
                + ",No key,1,,,,,\r\n");
        List<EntityRecord> records = readAll(open(), "customers", 2);
        assertEquals(3, records.size());
        EntityRecord first = records.get(0);
        assertEquals(key("US-001"), first.key());
        assertEquals("US-001", first.sourceId(), "a row's key is its source id, for key-map legs");
        assertEquals("Contoso, Ltd.", first.get("Name").asText());
        assertEquals(Value.decimal(new BigDecimal("1500.50")), first.get("CreditLimit"));
        assertEquals(Value.date(LocalDate.of(2020, 1, 31)), first.get("Since"));
        assertEquals(Value.bool(true), first.get("Active"));
        assertEquals(Value.integer(7), first.get("Visits"));
        assertFalse(first.has("Extra"), "undeclared columns are not read");
        EntityRecord second = records.get(1);
        assertEquals("Fabrikam\nInc.", second.get("Name").asText());
        assertTrue(second.has("CreditLimit"));
        assertNull(second.get("CreditLimit"));
        assertEquals(Value.bool(false), second.get("Active"));
        assertEquals(Value.dateTime(Instant.parse("2024-05-01T10:00:00Z")), second.get("SeenAt"));
        assertNull(records.get(2).key(), "a row with an empty key cell has no business key");
        assertNull(records.get(2).sourceId(), "nor an id");
    }

    @Test
    void readReturnsRequestedFieldsAndKey() throws IOException {
        write("customers.csv", "CustomerAccount,Name,CreditLimit\nUS-001,Contoso,1\n");
        try (RecordReader r = open().read(new ReadRequest("customers", List.of("Name"), null, null, null, 10))) {
            EntityRecord record = r.nextPage().get(0);
            assertEquals(List.of("CustomerAccount", "Name"), List.copyOf(record.fields()));
            assertNull(r.nextPage());
        }
    }

    @Test
    void aBadCellEndsTheReadNamingFileLineAndField() throws IOException {
        write("customers.csv", "CustomerAccount,CreditLimit\nUS-001,1\nUS-002,lots\n");
        ConnectorException e = assertThrows(ConnectorException.class, () -> readAll(open(), "customers", 10));
        assertTrue(e.getMessage().contains("customers.csv line 3, field 'CreditLimit'"), e.getMessage());
        assertTrue(e.getMessage().contains("'lots'"), e.getMessage());
    }

    @Test
    void undeclaredFilesAreTextEntitiesWithoutKeys() throws IOException {
        write("leads.csv", "\uFEFFId, Topic \n1,Hello\n");
        write("notes.txt", "not an entity");
        write(".hidden.csv", "x\n1\n");
        Connection c = open();
        assertEquals(List.of("customers", "leads"), c.listEntities().stream().map(e -> e.name()).toList());
        EntitySchema leads = c.describe("leads");
        assertEquals(List.of("Id", "Topic"), leads.fields().stream().map(f -> f.name()).toList());
        assertTrue(leads.fields().stream().allMatch(f -> f.type() == ValueType.TEXT));
        assertTrue(leads.businessKey().isEmpty());
        EntityRecord lead = readAll(c, "leads", 10).get(0);
        assertNull(lead.key());
        assertEquals(Value.text("Hello"), lead.get("Topic"));
        assertThrows(ConfigurationException.class,
                () -> c.upsert("leads", null, List.of(EntityRecord.builder("leads").key(BusinessKey.of("Id", "2")).build())));
    }

    @Test
    void unknownEntitiesAreConfigurationErrors() {
        Connection c = open();
        assertThrows(ConfigurationException.class, () -> c.describe("nothing"));
        assertThrows(ConfigurationException.class, () -> c.read(ReadRequest.full("nothing", 10)));
        assertThrows(ConfigurationException.class, () -> c.read(ReadRequest.full("../customers", 10)));
        assertThrows(ConfigurationException.class, () -> c.describe("/etc/passwd"));
    }

    @Test
    void declaredEntityWithoutFileReadsEmptyAndDescribesFromDeclaration() {
        Connection c = open();
        assertEquals(List.of(), readAll(c, "customers", 10));
        EntitySchema s = c.describe("customers");
        assertEquals(List.of("CustomerAccount"), s.businessKey());
        assertEquals(7, s.fields().size());
        assertTrue(c.organizationUnits().isEmpty());
    }

    @Test
    void firstUpsertCreatesTheFileWithTheDeclaredHeader() throws IOException {
        Connection c = open();
        List<WriteOutcome> outcomes = c.upsert("customers", null, List.of(customer("US-001", "Contoso", "1500")));
        assertEquals(List.of(WriteOutcome.inserted(key("US-001"))), outcomes);
        assertEquals("CustomerAccount,Name,CreditLimit,Since,Active,Visits,SeenAt\r\n"
                + "US-001,Contoso,1500.00,,,,\r\n", content("customers.csv"));
    }

    @Test
    void upsertInsertsUpdatesAndRecognisesUnchanged() throws IOException {
        write("customers.csv", "CustomerAccount,Name,CreditLimit,Note\r\nUS-001,Contoso,1500,keep me\r\n"
                + "US-002,Fabrikam,10.5,\r\n");
        Connection c = open();
        List<WriteOutcome> outcomes = c.upsert("customers", null, List.of(
                customer("US-001", "Contoso", "1500.00"),
                customer("US-002", "Fabrikam Inc.", "10.50"),
                customer("US-003", "Litware, \"new\"", null),
                EntityRecord.builder("customers").key(key("US-001")).set("Active", Value.bool(true)).build()));
        assertEquals(List.of(Status.UNCHANGED, Status.UPDATED, Status.INSERTED, Status.UPDATED),
                outcomes.stream().map(WriteOutcome::status).toList());
        assertEquals("CustomerAccount,Name,CreditLimit,Note,Since,Active,Visits,SeenAt\r\n"
                + "US-001,Contoso,1500,keep me,,true,,\r\n"
                + "US-002,Fabrikam Inc.,10.50,,,,,\r\n"
                + "US-003,\"Litware, \"\"new\"\"\",,,,,,\r\n", content("customers.csv"));
        // The same batch again changes nothing and does not rewrite the file.
        long modified = Files.getLastModifiedTime(dir.resolve("customers.csv")).toMillis();
        List<WriteOutcome> again = c.upsert("customers", null, List.of(customer("US-003", "Litware, \"new\"", null)));
        assertEquals(Status.UNCHANGED, again.get(0).status());
        assertEquals(modified, Files.getLastModifiedTime(dir.resolve("customers.csv")).toMillis());
        assertEquals(3, readAll(c, "customers", 10).size());
    }

    @Test
    void recordsThatDoNotFitFailAloneWithFieldAndMessage() throws IOException {
        Connection c = open();
        List<WriteOutcome> outcomes = c.upsert("customers", null, List.of(
                customer("US-001", "Contoso", "12.345"),
                EntityRecord.builder("customers").key(key("US-002")).set("Visits", Value.text("many")).build(),
                EntityRecord.builder("customers").key(key("US-003")).set("Colour", Value.text("red")).build(),
                customer("US-THIS-KEY-IS-FAR-TOO-LONG", "x", null),
                EntityRecord.builder("customers").key(BusinessKey.of("Id", "1")).build(),
                EntityRecord.builder("customers").build(),
                EntityRecord.builder("customers").key(key("US-004")).set("Since", Value.bool(true)).build(),
                customer("US-005", "Good", "1")));
        assertEquals(List.of(Status.FAILED, Status.FAILED, Status.FAILED, Status.FAILED, Status.FAILED,
                Status.FAILED, Status.FAILED, Status.INSERTED), outcomes.stream().map(WriteOutcome::status).toList());
        assertEquals("CreditLimit", outcomes.get(0).field());
        assertTrue(outcomes.get(0).message().contains("more than 2 decimals"), outcomes.get(0).message());
        assertEquals("Visits", outcomes.get(1).field());
        assertTrue(outcomes.get(1).message().contains("'many'"));
        assertEquals("Colour", outcomes.get(2).field());
        assertEquals("CustomerAccount", outcomes.get(3).field());
        assertTrue(outcomes.get(3).message().contains("longer than 20"));
        assertEquals("CustomerAccount", outcomes.get(4).field());
        assertTrue(outcomes.get(5).message().contains("no business key"));
        assertEquals("Since", outcomes.get(6).field());
        assertEquals(List.of(key("US-005")), readAll(c, "customers", 10).stream().map(EntityRecord::key).toList());
    }

    @Test
    void charactersTheEncodingCannotHoldFailTheRecord() throws IOException {
        Connection c = open("encoding", "ISO-8859-1", "delimiter", ";");
        List<WriteOutcome> outcomes = c.upsert("customers", null, List.of(
                customer("DE-001", "Müller; GmbH", "1"), customer("DE-002", "Price €", "2")));
        assertEquals(Status.INSERTED, outcomes.get(0).status());
        assertEquals(Status.FAILED, outcomes.get(1).status());
        assertEquals("Name", outcomes.get(1).field());
        String written = Files.readString(dir.resolve("customers.csv"), StandardCharsets.ISO_8859_1);
        assertTrue(written.contains("DE-001;\"Müller; GmbH\";1.00"), written);
        assertEquals("Müller; GmbH", readAll(c, "customers", 10).get(0).get("Name").asText());
    }

    @Test
    void deletesByKeyAndMissingKeysCountAsDeleted() throws IOException {
        write("customers.csv", "CustomerAccount,Name\r\nUS-001,A\r\nUS-002,B\r\nUS-001,duplicate\r\n");
        Connection c = open();
        assertTrue(c.capabilities().writeDeletes());
        List<WriteOutcome> outcomes = c.delete("customers", null, List.of(key("US-001"), key("US-404"),
                BusinessKey.of("Other", "x")));
        assertEquals(List.of(Status.DELETED, Status.DELETED, Status.FAILED),
                outcomes.stream().map(WriteOutcome::status).toList());
        assertEquals(List.of(key("US-002")), readAll(c, "customers", 10).stream().map(EntityRecord::key).toList());
        assertEquals(Status.DELETED, c.delete("customers", null, List.of(key("US-002"))).get(0).status());
        assertEquals(List.of(), readAll(c, "customers", 10));
    }

    @Test
    void integerKeysMatchByValue() throws IOException {
        write("items.csv", "Id,Qty\n007,1\n");
        Connection c = open("entities", "items: key=Id; Id=integer, Qty=integer");
        EntityRecord item = EntityRecord.builder("items").key(BusinessKey.of("Id", "7")).set("Qty", Value.integer(2))
                .build();
        assertEquals(Status.UPDATED, c.upsert("items", null, List.of(item)).get(0).status());
        assertEquals(Status.UNCHANGED, c.upsert("items", null, List.of(item)).get(0).status());
        assertEquals(BusinessKey.of("Id", "7"), readAll(c, "items", 10).get(0).key());
    }

    @Test
    void malformedFileFailsTheWholeBatch() throws IOException {
        write("customers.csv", "CustomerAccount,Name\nUS-001,\"never closed\n");
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> open().upsert("customers", null, List.of(customer("US-002", "x", null))));
        assertTrue(e.getMessage().contains("customers.csv") && e.getMessage().contains("line 2"), e.getMessage());
        write("customers.csv", "CustomerAccount,Name\nUS-001,a,b\n");
        assertThrows(ConnectorException.class, () -> readAll(open(), "customers", 10));
    }

    @Test
    void invalidUtf8IsReportedAsAnEncodingProblem() throws IOException {
        Files.write(dir.resolve("customers.csv"), new byte[] {'I', 'd', '\n', (byte) 0xC3, (byte) 0x28, '\n'});
        ConnectorException e = assertThrows(ConnectorException.class, () -> readAll(open(), "customers", 10));
        assertTrue(e.getMessage().contains("encoding"), e.getMessage());
    }

    @Test
    void testChecksTheFolder() throws IOException {
        assertTrue(open().test().ok(), open().test().message());
        Connection missing = factory.open(ConnectorConfig.of(Map.of("directory", dir.resolve("nope").toString())),
                new TestContext(dir));
        assertFalse(missing.test().ok());
        assertTrue(missing.test().message().contains("does not exist"));
        assertThrows(ConfigurationException.class, missing::listEntities);
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "test() leaves no probe file behind");
        }
    }

    /** The engine's side of a connection, as far as this connector uses it (not at all). */
    record TestContext(Path workDirectory) implements ConnectionContext {
        @Override
        public String connectionId() {
            return "test";
        }

        @Override
        public String connectionName() {
            return "test";
        }

        @Override
        public boolean allowInsecureLoopback() {
            return false;
        }
    }
}
