package org.ferry.connectors.cds.internal;

import static org.ferry.api.connector.WriteOutcome.Status.DELETED;
import static org.ferry.api.connector.WriteOutcome.Status.FAILED;
import static org.ferry.api.connector.WriteOutcome.Status.INSERTED;
import static org.ferry.api.connector.WriteOutcome.Status.UNCHANGED;
import static org.ferry.api.connector.WriteOutcome.Status.UPDATED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.RecordReader;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.ReferenceValue;
import org.ferry.api.data.Value;
import org.ferry.api.organization.OrganizationUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes and deletes by hub id, as the engine does for legs matched through a key map. */
class WriteByIdTest {
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

    private static EntityRecord withId(String id, EntityRecord r) {
        return r.toBuilder().sourceId(id).build();
    }

    /** An account without an account number. */
    private static EntityRecord keyless(String name) {
        return EntityRecord.builder("Account").text("Name", name).build();
    }

    private static List<WriteOutcome.Status> statuses(List<WriteOutcome> outcomes) {
        return outcomes.stream().map(WriteOutcome::status).toList();
    }

    private List<WriteOutcome> write(String entity, OrganizationUnit org, EntityRecord... records) {
        return c.writeById(entity, org, List.of(records));
    }

    /** @return the id of the one record written, checking it was inserted */
    private String insert(String entity, EntityRecord r) {
        WriteOutcome o = write(entity, Hub.ORG1, r).get(0);
        assertEquals(INSERTED, o.status(), o.message());
        assertNotNull(o.id());
        return o.id();
    }

    private Map<String, EntityRecord> read(String entity, OrganizationUnit org) {
        return Hub.drain(c.read(Hub.read(entity, org, null)), 1000).stream()
                .collect(Collectors.toMap(EntityRecord::sourceId, Function.identity()));
    }

    @Test
    void createsByIdThenUpdatesTheSameRecord() {
        assertTrue(c.capabilities().writeById());
        WriteOutcome created = write("Account", Hub.ORG1, Hub.account("A-1", "Contoso")).get(0);
        assertEquals(INSERTED, created.status(), created.message());
        assertEquals(BusinessKey.of("AccountId", "A-1"), created.key());
        String id = created.id();
        String checkpoint;
        try (RecordReader r = c.read(Hub.read("Account", Hub.ORG1, null))) {
            List<EntityRecord> all = Hub.drain(r, 1000);
            assertEquals(1, all.size());
            assertEquals(id, all.get(0).sourceId());
            checkpoint = r.checkpoint();
        }

        EntityRecord renamed = withId(id, Hub.account("A-1", "Contoso Ltd").toBuilder()
                .set("CreditLimit", Value.decimal("500")).build());
        assertEquals(List.of(UPDATED), statuses(write("Account", Hub.ORG1, renamed)));
        // only the fields a record carries change
        EntityRecord phoneOnly = EntityRecord.builder("Account").sourceId(id).text("Telephone1", "555-0100").build();
        WriteOutcome phone = write("Account", Hub.ORG1, phoneOnly).get(0);
        assertEquals(UPDATED, phone.status());
        assertEquals(id, phone.id());
        EntityRecord stored = read("Account", Hub.ORG1).get(id);
        assertEquals(Value.text("Contoso Ltd"), stored.get("Name"));
        assertEquals(Value.decimal("500"), stored.get("CreditLimit"));
        assertEquals(Value.text("555-0100"), stored.get("Telephone1"));

        String afterUpdates;
        try (RecordReader r = c.read(Hub.read("Account", Hub.ORG1, checkpoint))) {
            assertEquals(List.of(id), Hub.drain(r, 1000).stream().map(EntityRecord::sourceId).toList());
            afterUpdates = r.checkpoint();
        }
        WriteOutcome same = write("Account", Hub.ORG1, renamed).get(0);
        assertEquals(UNCHANGED, same.status());
        assertEquals(id, same.id());
        // unchanged records keep their change number: an incremental read does not return them again
        assertTrue(Hub.drain(c.read(Hub.read("Account", Hub.ORG1, afterUpdates)), 1000).isEmpty());
        // the row written by id is the row its business key addresses
        assertEquals(List.of(UNCHANGED), statuses(c.upsert("Account", Hub.ORG1, List.of(Hub.account("A-1",
                "Contoso Ltd")))));
    }

    @Test
    void createsARecordAnewWhenItsIdIsGone() {
        String id = insert("Account", keyless("Short-lived"));
        assertEquals(List.of(DELETED), statuses(c.deleteById("Account", Hub.ORG1, List.of(id))));
        List<WriteOutcome> again = write("Account", Hub.ORG1, withId(id, keyless("Back")),
                withId(id, keyless("Back").toBuilder().text("Fax", "555-0199").build()));
        assertEquals(List.of(INSERTED, UPDATED), statuses(again));
        String newId = again.get(0).id();
        assertNotEquals(id, newId);
        assertEquals(newId, again.get(1).id());
        Map<String, EntityRecord> all = read("Account", Hub.ORG1);
        assertEquals(Set.of(newId), all.keySet());
        assertEquals(Value.text("555-0199"), all.get(newId).get("Fax"));
    }

    @Test
    void keepsRecordsWithoutABusinessKey() {
        EntityRecord clearedNumber = keyless("Walk-in").toBuilder().set("AccountId", null).build();
        List<WriteOutcome> out = write("Account", Hub.ORG1, keyless("Walk-in"), keyless("Walk-in"), clearedNumber);
        assertEquals(List.of(INSERTED, INSERTED, INSERTED), statuses(out));
        Set<String> ids = out.stream().map(WriteOutcome::id).collect(Collectors.toSet());
        assertEquals(3, ids.size());
        assertNull(out.get(0).key());
        Map<String, EntityRecord> all = read("Account", Hub.ORG1);
        assertEquals(ids, all.keySet());
        assertTrue(all.values().stream().allMatch(r -> r.key() == null && r.get("AccountId") == null));

        String first = out.get(0).id();
        EntityRecord phone = withId(first, keyless("Walk-in").toBuilder().text("Telephone1", "555-0101").build());
        assertEquals(List.of(UPDATED), statuses(write("Account", Hub.ORG1, phone)));
        assertEquals(List.of(UNCHANGED), statuses(write("Account", Hub.ORG1, phone)));

        // given its business key later, the record is found by it
        EntityRecord numbered = withId(first, Hub.account("A-7", "Walk-in"));
        WriteOutcome o = write("Account", Hub.ORG1, numbered).get(0);
        assertEquals(UPDATED, o.status(), o.message());
        assertEquals(BusinessKey.of("AccountId", "A-7"), read("Account", Hub.ORG1).get(first).key());
        assertEquals(List.of(UNCHANGED), statuses(c.upsert("Account", Hub.ORG1, List.of(Hub.account("A-7",
                "Walk-in")))));
        // and without it again, it is no longer
        assertEquals(List.of(UPDATED), statuses(write("Account", Hub.ORG1, withId(first,
                EntityRecord.builder("Account").set("AccountId", null).build()))));
        assertNull(read("Account", Hub.ORG1).get(first).key());
        assertEquals(List.of(INSERTED), statuses(c.upsert("Account", Hub.ORG1, List.of(Hub.account("A-7", "New")))));
    }

    @Test
    void checksFieldsAsWritesByKeyDo() {
        EntityRecord noName = EntityRecord.builder("Account").text("Telephone1", "555-0102").build();
        EntityRecord tooLong = keyless("x".repeat(161));
        EntityRecord unknownField = keyless("Fine").toBuilder().text("Colour", "red").build();
        List<WriteOutcome> out = write("Account", Hub.ORG1, noName, tooLong, unknownField, keyless("Fine"));
        assertEquals(List.of(FAILED, FAILED, FAILED, INSERTED), statuses(out));
        assertEquals("Name", out.get(0).field());
        assertEquals("Name", out.get(1).field());
        assertTrue(out.get(1).message().contains("maximum allowed length of '160'"), out.get(1).message());
        assertEquals("Colour", out.get(2).field());
        assertNull(out.get(0).id());
        String id = out.get(3).id();
        WriteOutcome cleared = write("Account", Hub.ORG1, withId(id, EntityRecord.builder("Account")
                .set("Name", null).build())).get(0);
        assertEquals(FAILED, cleared.status());
        assertEquals("Name", cleared.field());
        // an unknown organization, as by key
        WriteOutcome nowhere = write("Account", Hub.org("ORG404"), keyless("Lost")).get(0);
        assertTrue(nowhere.message().contains("valid organizations: ORG001, ORG002"), nowhere.message());
        // organizations need their id: every scoped record names its organization by it
        WriteOutcome org = write("Organization", null, EntityRecord.builder("Organization").text("Name", "Nameless")
                .build()).get(0);
        assertEquals(FAILED, org.status());
        assertEquals("OrganizationId", org.field());
        // the character that marks keys made from ids cannot be part of a business key
        WriteOutcome marked = c.upsert("Account", Hub.ORG1, List.of(Hub.account("\uFFFF#1", "Sneaky"))).get(0);
        assertEquals(FAILED, marked.status());
        assertEquals("AccountId", marked.field());
        assertTrue(marked.message().contains("U+FFFF"), marked.message());
    }

    @Test
    void refusesABusinessKeyAnotherRecordHas() {
        c.upsert("Account", Hub.ORG1, List.of(Hub.account("A-1", "Contoso")));
        String existing = read("Account", Hub.ORG1).keySet().iterator().next();
        WriteOutcome clash = write("Account", Hub.ORG1, Hub.account("A-1", "Impostor")).get(0);
        assertEquals(FAILED, clash.status());
        assertEquals("AccountId", clash.field());
        assertTrue(clash.message().contains("'A-1'") && clash.message().contains("already used")
                && clash.message().contains("id " + existing), clash.message());

        String keyless = insert("Account", keyless("No number"));
        WriteOutcome taking = write("Account", Hub.ORG1, withId(keyless, Hub.account("A-1", "No number"))).get(0);
        assertEquals(FAILED, taking.status());
        assertEquals("AccountId", taking.field());

        List<WriteOutcome> twins = write("Account", Hub.ORG1, Hub.account("A-2", "Twin"), Hub.account("A-2", "Twin"));
        assertEquals(List.of(INSERTED, FAILED), statuses(twins));
        assertTrue(twins.get(1).message().contains("of this batch"), twins.get(1).message());
        // keys are unique within an organization
        assertEquals(List.of(INSERTED), statuses(write("Account", Hub.ORG2, Hub.account("A-1", "Contoso EU"))));
        assertEquals(Value.text("Contoso"), read("Account", Hub.ORG1).get(existing).get("Name"));
        assertEquals(3, read("Account", Hub.ORG1).size());
    }

    @Test
    void writesLookupsByIdAndReadsThemBackWithIds() {
        String keylessAccount = insert("Account", keyless("No number"));
        String numbered = insert("Account", Hub.account("A-2", "Fabrikam"));
        EntityRecord toKeyless = EntityRecord.builder("SalesOrder").text("SalesOrderId", "SO-1")
                .set("Account_AccountId", ReferenceValue.byId("Account", keylessAccount)).build();
        EntityRecord toNumbered = EntityRecord.builder("SalesOrder").text("SalesOrderId", "SO-2")
                .set("Account_AccountId", ReferenceValue.byId("Account", numbered)).build();
        EntityRecord orderWithoutNumber = EntityRecord.builder("SalesOrder").text("Name", "Unnumbered")
                .set("Account_AccountId", ReferenceValue.byId("Account", numbered)).build();
        List<WriteOutcome> orders = write("SalesOrder", Hub.ORG1, toKeyless, toNumbered, orderWithoutNumber);
        assertEquals(List.of(INSERTED, INSERTED, INSERTED), statuses(orders));

        Map<String, EntityRecord> read = read("SalesOrder", Hub.ORG1);
        assertEquals(ReferenceValue.byId("Account", keylessAccount),
                read.get(orders.get(0).id()).get("Account_AccountId"));
        assertEquals(Value.reference("Account", BusinessKey.of("AccountId", "A-2")).withId(numbered),
                read.get(orders.get(1).id()).get("Account_AccountId"));
        ReferenceValue org = (ReferenceValue) read.get(orders.get(0).id()).get("Organization_OrganizationId");
        assertEquals("ORG001", org.key().asText());
        assertNotNull(org.id());

        // a line keyed by a numbered order has a business key; one of an order without a number has none
        EntityRecord line = EntityRecord.builder("SalesOrderLine").set("Sequence", Value.integer(1))
                .set("SalesOrder_SalesOrderId", ReferenceValue.byId("SalesOrder", orders.get(1).id())).build();
        EntityRecord orphanKeyLine = EntityRecord.builder("SalesOrderLine").set("Sequence", Value.integer(1))
                .set("SalesOrder_SalesOrderId", ReferenceValue.byId("SalesOrder", orders.get(2).id())).build();
        List<WriteOutcome> lines = write("SalesOrderLine", Hub.ORG1, line, orphanKeyLine);
        assertEquals(List.of(INSERTED, INSERTED), statuses(lines));
        Map<String, EntityRecord> readLines = read("SalesOrderLine", Hub.ORG1);
        assertEquals("SO-2|1", readLines.get(lines.get(0).id()).key().asText());
        assertNull(readLines.get(lines.get(1).id()).key());
        assertEquals(ReferenceValue.byId("SalesOrder", orders.get(2).id()),
                readLines.get(lines.get(1).id()).get("SalesOrder_SalesOrderId"));

        // lookups to records that do not exist in the organization, or by something that is no id
        String elsewhere = c.writeById("Account", Hub.ORG2, List.of(keyless("EU"))).get(0).id();
        List<WriteOutcome> bad = write("SalesOrder", Hub.ORG1,
                toKeyless.toBuilder().text("SalesOrderId", "SO-8")
                        .set("Account_AccountId", ReferenceValue.byId("Account", "987654")).build(),
                toKeyless.toBuilder().text("SalesOrderId", "SO-9")
                        .set("Account_AccountId", ReferenceValue.byId("Account", elsewhere)).build(),
                toKeyless.toBuilder().text("SalesOrderId", "SO-10")
                        .set("Account_AccountId", ReferenceValue.byId("Account", "abc")).build());
        assertEquals(List.of(FAILED, FAILED, FAILED), statuses(bad));
        assertTrue(bad.stream().allMatch(o -> "Account_AccountId".equals(o.field())));
        assertTrue(bad.get(0).message().contains("id 987654") && bad.get(0).message().contains("ORG001"),
                bad.get(0).message());
        assertTrue(bad.get(1).message().contains("id " + elsewhere), bad.get(1).message());
        assertTrue(bad.get(2).message().contains("'abc'"), bad.get(2).message());

        // an account keeps its number while orders hold it; an account referred to by id may get one
        WriteOutcome renumber = write("Account", Hub.ORG1, withId(numbered, Hub.account("A-3", "Fabrikam"))).get(0);
        assertEquals(FAILED, renumber.status());
        assertEquals("AccountId", renumber.field());
        assertTrue(renumber.message().contains("SalesOrder"), renumber.message());
        assertEquals(List.of(UPDATED), statuses(write("Account", Hub.ORG1,
                withId(keylessAccount, Hub.account("A-9", "No number")))));
        assertEquals(Value.reference("Account", BusinessKey.of("AccountId", "A-9")).withId(keylessAccount),
                read("SalesOrder", Hub.ORG1).get(orders.get(0).id()).get("Account_AccountId"));
        String unreferenced = insert("Account", Hub.account("A-5", "Litware"));
        assertEquals(List.of(UPDATED), statuses(write("Account", Hub.ORG1,
                withId(unreferenced, Hub.account("A-6", "Litware")))));
        assertEquals(BusinessKey.of("AccountId", "A-6"), read("Account", Hub.ORG1).get(unreferenced).key());
    }

    @Test
    void deletesByIdAndIncrementalReadsReportIt() {
        String keylessAccount = insert("Account", keyless("No number"));
        String numbered = insert("Account", Hub.account("A-1", "Contoso"));
        String other = c.writeById("Account", Hub.ORG2, List.of(keyless("EU"))).get(0).id();
        String checkpoint;
        try (RecordReader r = c.read(Hub.read("Account", Hub.ORG1, null))) {
            assertEquals(2, Hub.drain(r, 1000).size());
            checkpoint = r.checkpoint();
        }
        List<WriteOutcome> out = c.deleteById("Account", Hub.ORG1, List.of(keylessAccount, numbered, "424242",
                "abc", other));
        assertEquals(List.of(DELETED, DELETED, DELETED, FAILED, FAILED), statuses(out));
        assertEquals(List.of(keylessAccount, numbered, "424242"), out.subList(0, 3).stream().map(WriteOutcome::id)
                .toList());
        assertEquals(BusinessKey.of("AccountId", "A-1"), out.get(1).key());
        assertTrue(out.get(3).message().contains("'abc'"), out.get(3).message());
        assertTrue(out.get(4).message().contains("ORG002"), out.get(4).message());

        Map<String, EntityRecord> deletions = Hub.drain(c.read(Hub.read("Account", Hub.ORG1, checkpoint)), 1000)
                .stream().collect(Collectors.toMap(EntityRecord::sourceId, Function.identity()));
        assertEquals(Set.of(keylessAccount, numbered), deletions.keySet());
        assertTrue(deletions.values().stream().allMatch(EntityRecord::deleted));
        assertNull(deletions.get(keylessAccount).key());
        assertEquals(BusinessKey.of("AccountId", "A-1"), deletions.get(numbered).key());
        assertTrue(read("Account", Hub.ORG1).isEmpty());
        assertEquals(Set.of(other), read("Account", Hub.ORG2).keySet());
        WriteOutcome noOrg = c.deleteById("Account", null, List.of(other)).get(0);
        assertEquals(FAILED, noOrg.status());
        assertEquals("Organization_OrganizationId", noOrg.field());

        // a deleted key written again by id is live, not reported deleted as well
        String again = insert("Account", Hub.account("A-1", "Contoso again"));
        Map<String, EntityRecord> since = Hub.drain(c.read(Hub.read("Account", Hub.ORG1, checkpoint)), 1000)
                .stream().collect(Collectors.toMap(EntityRecord::sourceId, Function.identity()));
        assertEquals(Set.of(keylessAccount, again), since.keySet());
        assertTrue(since.get(keylessAccount).deleted());
        assertEquals(BusinessKey.of("AccountId", "A-1"), since.get(again).key());
        assertTrue(!since.get(again).deleted());
    }

    @Test
    void concurrentWritersCreateEachBusinessKeyOnce() throws Exception {
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<WriteOutcome> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 2; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int b = 0; b < 5; b++) {
                        List<EntityRecord> batch = new java.util.ArrayList<>();
                        for (int i = 0; i < 100; i++) {
                            // both threads create the same keys, and records without keys besides
                            batch.add(i % 2 == 0 ? Hub.account("S-" + b + "-" + i, "Shared") : keyless("Own"));
                        }
                        outcomes.addAll(c.writeById("Account", Hub.ORG1, batch));
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(errors.isEmpty(), errors.toString());
        Map<WriteOutcome.Status, Long> counts = outcomes.stream()
                .collect(Collectors.groupingBy(WriteOutcome::status, Collectors.counting()));
        // 250 shared keys created once each, refused once each; 500 records without keys all created
        assertEquals(Map.of(INSERTED, 750L, FAILED, 250L), counts);
        assertTrue(outcomes.stream().filter(o -> o.status() == FAILED)
                .allMatch(o -> o.message().contains("already used")), outcomes.toString());
        assertEquals(750, read("Account", Hub.ORG1).size());
    }

    @Test
    void refusesIdsItCannotUse() {
        String inOrg1 = insert("Account", keyless("Here"));
        List<WriteOutcome> out = c.writeById("Account", Hub.ORG2, List.of(
                withId("abc", keyless("Letters")), withId("-5", keyless("Negative")),
                withId(inOrg1, keyless("Moved")), keyless("Fine")));
        assertEquals(List.of(FAILED, FAILED, FAILED, INSERTED), statuses(out));
        assertTrue(out.get(0).message().contains("'abc'") && out.get(0).message().contains("whole numbers"),
                out.get(0).message());
        assertTrue(out.get(1).message().contains("'-5'"), out.get(1).message());
        assertEquals("Organization_OrganizationId", out.get(2).field());
        assertTrue(out.get(2).message().contains("ORG001"), out.get(2).message());
        assertEquals(Value.text("Here"), read("Account", Hub.ORG1).get(inOrg1).get("Name"));
    }
}
