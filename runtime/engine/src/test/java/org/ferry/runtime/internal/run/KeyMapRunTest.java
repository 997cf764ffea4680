package org.ferry.runtime.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.ReferenceValue;
import org.ferry.api.template.FieldMapping;
import org.ferry.api.template.LegTemplate;
import org.ferry.runtime.internal.keymap.KeyMapPair;
import org.ferry.runtime.internal.keymap.KeyMapStore;
import org.ferry.runtime.management.KeyMapEntry;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.ProjectTask;
import org.ferry.runtime.management.RunErrorInfo;
import org.ferry.runtime.management.RunInfo;
import org.ferry.runtime.management.RunLegInfo;
import org.ferry.runtime.management.RunStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Legs that sync without business keys: contacts have no natural key, so the engine keeps which hub record
 * each Sales contact became, and writes their account lookups by the hub ids the accounts' key map holds.
 */
class KeyMapRunTest extends RunEngineFixture {
    private static final int CONTACTS = 20;
    private KeyMapStore keyMaps;

    @BeforeEach
    void contacts() {
        sales.entity(new EntitySchema("contact", "Contact", List.of(FieldSchema.text("fullname", 100),
                FieldSchema.text("emailaddress1", 100), FieldSchema.lookup("parentcustomerid", "account")),
                List.of("contactid"), List.of(), List.of(), null));
        hub.entity(new EntitySchema("Contact", "Contact", List.of(FieldSchema.text("FullName", 100).asRequired(),
                FieldSchema.text("Email", 100), FieldSchema.lookup("ParentAccount", "Account"),
                FieldSchema.text("Organization_OrganizationId", 20)), List.of("ContactId"), List.of(), List.of(),
                "Organization_OrganizationId"));
        for (int i = 0; i < CONTACTS; i++) {
            sales.put(contact(i, "Person " + i, i));
        }
        keyMaps = new KeyMapStore(db);
        project("p1", -1);
        ProjectInfo p = projects.get("p1");
        LegTemplate accounts = p.tasks().get(0).legs().get(0);
        LegTemplate accountsByMap = new LegTemplate(accounts.sourceRole(), accounts.sourceEntity(), accounts.targetRole(),
                accounts.targetEntity(), accounts.mappings(), null, List.of(), false, true);
        projects.put("p1", new ProjectInfo(p.id(), p.name(), null, p.connectionSet(), p.organizationMapping(), p.consent(),
                List.of(new ProjectTask("t1", "Accounts", List.of(accountsByMap)),
                        new ProjectTask("t2", "Contacts", List.of(contactsLeg(false)))), -1, Instant.now(), Instant.now()));
    }

    @Test
    void createsOnFirstSightThenUpdatesThroughTheMapAndWritesLookupsByTargetId() throws Exception {
        RunInfo first = run("incremental");

        assertEquals(RunStatus.COMPLETED, first.status(), first.message());
        assertEquals(ACCOUNTS, leg(first, 0).inserted());
        assertEquals(CONTACTS, leg(first, 1).inserted());
        Map<String, String> accountIds = entries("account", "Account").stream()
                .collect(Collectors.toMap(KeyMapEntry::sourceId, KeyMapEntry::targetId));
        assertEquals(ACCOUNTS, accountIds.size());
        List<KeyMapEntry> contactMap = entries("contact", "Contact");
        assertEquals(CONTACTS, contactMap.size());
        EntityRecord person3 = hub.records("Contact").get("#" + targetOf(contactMap, "contact-3"));
        assertEquals("Person 3", person3.get("FullName").asText());
        ReferenceValue parent = assertInstanceOf(ReferenceValue.class, person3.get("ParentAccount"));
        assertEquals(accountIds.get("guid-3"), parent.id(), "the lookup is written by the hub id of the account's record");
        assertEquals("ORG001", contactMap.get(0).targetOrganization());

        RunInfo second = run("incremental");
        assertEquals(CONTACTS, leg(second, 1).unchanged(), "nothing changed, nothing written");
        assertEquals(0, leg(second, 1).inserted() + leg(second, 1).updated());

        sales.put(contact(3, "Person three", 3));
        RunInfo third = run("incremental");
        assertEquals(1, leg(third, 1).updated());
        assertEquals(0, leg(third, 1).inserted());
        assertEquals(CONTACTS, hub.records("Contact").size(), "updated through the map, not created again");
        assertEquals("Person three", hub.records("Contact").get("#" + targetOf(contactMap, "contact-3")).get("FullName").asText());
    }

    @Test
    void aRecordDeletedInTheTargetIsCreatedAgainAndTheMapFollows() throws Exception {
        run("incremental");
        String before = targetOf(entries("contact", "Contact"), "contact-5");
        hub.remove("Contact", "#" + before);

        RunInfo full = run("full");

        assertEquals(1, leg(full, 1).inserted(), "only the record gone from the target is created");
        String after = targetOf(entries("contact", "Contact"), "contact-5");
        assertNotEquals(before, after);
        assertEquals("Person 5", hub.records("Contact").get("#" + after).get("FullName").asText());
        assertEquals(CONTACTS, hub.records("Contact").size());
    }

    @Test
    void aLookupToARecordNoKeyMapHasWrittenFailsUntilItIsSyncedThenTheReplayWritesIt() throws Exception {
        // the account has no business key at the source yet: only the key map can find it
        sales.put(contact(CONTACTS, "Orphan", ACCOUNTS + 1).toBuilder()
                .set("parentcustomerid", ReferenceValue.byId("account", "guid-" + (ACCOUNTS + 1))).build());
        RunInfo first = run("incremental");

        assertEquals(RunStatus.WARNING, first.status());
        assertEquals(1, leg(first, 1).failed());
        RunErrorInfo error = runs.errors(first.id(), 0, 10).get(0);
        assertEquals("contact-" + CONTACTS, error.sourceId(), "key-map records are named by their source id");
        assertEquals(null, error.businessKey());
        assertEquals("ParentAccount", error.field());
        assertTrue(error.message().contains("guid-" + (ACCOUNTS + 1)) && error.message().contains("sync it first"),
                error.message());

        sales.put(account(ACCOUNTS + 1, "Late account", "Alabama", "Germany", "1"));
        RunInfo accountsOnly = run("incremental");
        assertEquals(1, leg(accountsOnly, 0).inserted());
        assertEquals(1, leg(accountsOnly, 1).inserted(), "the failed contact was not remembered, so it is written now");
        assertEquals(CONTACTS + 1, entries("contact", "Contact").size());
    }

    @Test
    void recordsWithoutASourceIdAreSkippedWithTheReason() throws Exception {
        sales.put(EntityRecord.builder("contact").text("fullname", "No id").build());
        RunInfo run = run("incremental");
        assertEquals(1, leg(run, 1).skipped());
        assertTrue(runs.errors(run.id(), 0, 10).get(0).message().contains("no id"));
    }

    @Test
    void aTargetThatCannotWriteByIdFailsValidation() throws Exception {
        hub.writableById = false;
        RunInfo run = run("incremental");
        assertEquals(RunStatus.ERROR, run.status());
        assertTrue(run.message().contains("cannot write records by id"), run.message());
    }

    @Test
    void recordsGoneFromASourceWithoutDeltasAreDeletedThroughTheMap() throws Exception {
        hub.deletable = true;
        ProjectInfo p = projects.get("p1");
        projects.put("p1", new ProjectInfo(p.id(), p.name(), null, p.connectionSet(), p.organizationMapping(), p.consent(),
                List.of(p.tasks().get(0), new ProjectTask("t2", "Contacts", List.of(contactsLeg(true)))), -1,
                Instant.now(), Instant.now()));
        run("incremental");
        String gone = targetOf(entries("contact", "Contact"), "contact-7");
        sales.remove("contact", "#contact-7");

        RunInfo run = run("incremental");

        assertEquals(1, leg(run, 1).deleted());
        assertNull(hub.records("Contact").get("#" + gone));
        assertEquals(CONTACTS - 1, hub.records("Contact").size());
        assertTrue(entries("contact", "Contact").stream().noneMatch(e -> e.sourceId().equals("contact-7")),
                "the map forgets what it deleted");
    }

    @Test
    void recordsGoneFromTheSourceCanBeDeactivatedInsteadAndStayMapped() throws Exception {
        hub.deletable = false;
        ProjectInfo p = projects.get("p1");
        LegTemplate deactivating = new LegTemplate("sales", "contact", "cds", "Contact", contactsLeg(true).mappings(), null,
                List.of(), true, true, new org.ferry.api.template.Deactivation("Email", "inactive"));
        projects.put("p1", new ProjectInfo(p.id(), p.name(), null, p.connectionSet(), p.organizationMapping(), p.consent(),
                List.of(p.tasks().get(0), new ProjectTask("t2", "Contacts", List.of(deactivating))), -1,
                Instant.now(), Instant.now()));
        run("incremental");
        String kept = targetOf(entries("contact", "Contact"), "contact-7");
        sales.remove("contact", "#contact-7");

        RunInfo run = run("incremental");

        assertEquals(RunStatus.COMPLETED, run.status(), run.message());
        assertEquals(1, leg(run, 1).deleted());
        EntityRecord marked = hub.records("Contact").get("#" + kept);
        assertEquals("inactive", marked.get("Email").asText(), "marked, not deleted");
        assertEquals("Person 7", marked.get("FullName").asText(), "the other fields are kept");
        assertEquals(CONTACTS, hub.records("Contact").size());
        assertEquals(0, leg(run("incremental"), 1).deleted(), "deactivated once, not on every run");

        sales.put(contact(7, "Person 7 is back", 7));
        RunInfo back = run("incremental");
        assertEquals(1, leg(back, 1).updated(), "a record back at the source updates the one it was, through the map");
        assertEquals(0, leg(back, 1).inserted());
        assertEquals("Person 7 is back", hub.records("Contact").get("#" + kept).get("FullName").asText());
    }

    private LegTemplate contactsLeg(boolean deletes) {
        return new LegTemplate("sales", "contact", "cds", "Contact", List.of(FieldMapping.direct("FullName", "fullname"),
                FieldMapping.direct("Email", "emailaddress1"), FieldMapping.direct("ParentAccount", "parentcustomerid")),
                null, List.of(), deletes, true);
    }

    private static EntityRecord contact(int i, String name, int account) {
        return EntityRecord.builder("contact").sourceId("contact-" + i).text("fullname", name)
                .text("emailaddress1", "person" + i + "@example.com")
                .set("parentcustomerid", new ReferenceValue("account", BusinessKey.of("accountnumber", accountNumber(account)),
                        "guid-" + account))
                .build();
    }

    private RunInfo run(String mode) throws InterruptedException {
        return runs.await(runs.start("p1", mode, "manual", null, ADMIN).id(), Duration.ofSeconds(60));
    }

    private static RunLegInfo leg(RunInfo run, int task) {
        return run.tasks().get(task).legs().get(0);
    }

    private List<KeyMapEntry> entries(String source, String target) {
        int map = keyMaps.findMap(new KeyMapPair("c-sales", source, "c-hub", target))
                .orElseThrow();
        return keyMaps.list(map, null, 0, 1000);
    }

    private static String targetOf(List<KeyMapEntry> entries, String sourceId) {
        return entries.stream().filter(e -> e.sourceId().equals(sourceId)).findFirst().orElseThrow().targetId();
    }
}
