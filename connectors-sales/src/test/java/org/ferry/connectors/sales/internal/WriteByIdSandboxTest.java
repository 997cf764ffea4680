package org.ferry.connectors.sales.internal;

import static org.ferry.connectors.sales.internal.SalesConnectorSandboxTest.open;
import static org.ferry.connectors.sales.internal.SalesConnectorSandboxTest.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.EntityRecord;
import org.ferry.sandbox.SandboxOptions;
import org.ferry.testing.SandboxServer;
import org.junit.jupiter.api.Test;

/**
 * Writes and deletes by Dataverse GUID, for entities synced through a key map, over real HTTP against the
 * sandbox: what the engine gets back must address the same record on the next run.
 */
class WriteByIdSandboxTest {
    static final String GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    /** An account without an account number: no business key, as the entities key maps are for. */
    static EntityRecord account(String id, String name) {
        return EntityRecord.builder("account").sourceId(id).text("name", name).build();
    }

    static List<EntityRecord> accountsNamed(Connection c, String prefix) {
        return readAll(c, new ReadRequest("account", List.of("name", "parentaccountid"), null, null,
                "startswith(name,'" + prefix + "')", 100), null);
    }

    @Test
    void createsThenUpdatesTheSameRecordsByTheIdsItReturned() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().build());
             Connection c = open(sandbox, sandbox.clientSecret(), Map.of())) {
            WebApiProbe api = new WebApiProbe(sandbox);
            assertTrue(c.capabilities().writeById());

            List<WriteOutcome> created = c.writeById("account", null,
                    List.of(account(null, "KM one"), account(null, "KM two")));
            created.forEach(o -> assertEquals(WriteOutcome.Status.INSERTED, o.status(), o.toString()));
            created.forEach(o -> assertTrue(o.id() != null && o.id().matches(GUID), o.toString()));
            String one = created.get(0).id();
            String two = created.get(1).id();
            assertEquals("KM one", api.get("accounts", one).path("name").asText());
            assertEquals("KM two", api.get("accounts", two).path("name").asText());

            // the ids are exactly the reader's sourceIds, so the engine's key map matches them on the next run
            assertEquals(Set.of(one, two), accountsNamed(c, "KM ").stream().map(EntityRecord::sourceId)
                    .collect(Collectors.toSet()));

            List<WriteOutcome> updated = c.writeById("account", null, List.of(
                    account(one, "KM one, renamed").toBuilder().text("telephone1", "+1-425-555-0100").build()));
            assertEquals(WriteOutcome.Status.UPDATED, updated.get(0).status(), updated.get(0).toString());
            assertEquals(one, updated.get(0).id());
            assertEquals("KM one, renamed", api.get("accounts", one).path("name").asText());
            assertEquals("+1-425-555-0100", api.get("accounts", one).path("telephone1").asText());
            assertEquals(2, accountsNamed(c, "KM ").size(), "updated in place, nothing created");
        }
    }

    /**
     * The engine calls a write again with the same records when it failed as retriable, maybe after some creates
     * were applied: the second call must send the same GUIDs and find those records, not create them again. Two
     * records equal in every value are still two records.
     */
    @Test
    void aCreateSentAgainFindsTheRecordItMadeAndCountsItInserted() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().build());
             Connection c = open(sandbox, sandbox.clientSecret(), Map.of())) {
            WebApiProbe api = new WebApiProbe(sandbox);
            List<EntityRecord> batch = List.of(account(null, "KM twin"), account(null, "KM twin"));

            List<WriteOutcome> first = c.writeById("account", null, batch);
            List<WriteOutcome> again = c.writeById("account", null, batch);

            for (List<WriteOutcome> outcomes : List.of(first, again)) {
                outcomes.forEach(o -> assertEquals(WriteOutcome.Status.INSERTED, o.status(), o.toString()));
            }
            List<String> ids = first.stream().map(WriteOutcome::id).toList();
            assertEquals(ids, again.stream().map(WriteOutcome::id).toList(), "sent again with the ids chosen first");
            assertEquals(2, Set.copyOf(ids).size(), "equal records are distinct records");
            assertEquals(Set.copyOf(ids), accountsNamed(c, "KM ").stream().map(EntityRecord::sourceId)
                    .collect(Collectors.toSet()), "nothing created twice");
            ids.forEach(id -> assertEquals("KM twin", api.get("accounts", id).path("name").asText()));

            WriteOutcome other = c.writeById("account", null, List.of(account(null, "KM twin"))).get(0);
            assertFalse(ids.contains(other.id()), "a new record instance gets a new id: " + other);
        }
    }

    /** A 412 is only "created before" when the chosen GUID exists: another conflict fails with Dataverse's word. */
    @Test
    void aCreateRefusedForAnAlternateKeyInUseFailsWithoutAnId() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().build());
             Connection c = open(sandbox, sandbox.clientSecret(), Map.of())) {
            EntityRecord numbered = account(null, "KM numbered").toBuilder().text("accountnumber", "KM-412").build();
            EntityRecord clash = account(null, "KM clash").toBuilder().text("accountnumber", "KM-412").build();
            assertEquals(WriteOutcome.Status.INSERTED, c.writeById("account", null, List.of(numbered)).get(0).status());

            WriteOutcome refused = c.writeById("account", null, List.of(clash)).get(0);

            assertEquals(WriteOutcome.Status.FAILED, refused.status(), refused.toString());
            assertNull(refused.id());
            // the service's own message; a bulk request adds which of its records it was
            assertTrue(refused.message().startsWith("A record with matching key values already exists."), refused.message());
            assertEquals(List.of("KM numbered"), accountsNamed(c, "KM ").stream().map(r -> r.get("name").asText()).toList());
        }
    }

    @Test
    void anIdDeletedInDataverseSinceIsCreatedAgainWithTheSameGuid() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().build());
             Connection c = open(sandbox, sandbox.clientSecret(), Map.of())) {
            WebApiProbe api = new WebApiProbe(sandbox);
            String id = c.writeById("account", null, List.of(account(null, "KM gone"))).get(0).id();
            api.delete("accounts", id);
            assertNull(api.get("accounts", id));

            WriteOutcome again = c.writeById("account", null, List.of(account(id, "KM back"))).get(0);

            assertEquals(WriteOutcome.Status.INSERTED, again.status(), again.toString());
            assertEquals(id, again.id());
            assertEquals("KM back", api.get("accounts", id).path("name").asText());
            assertEquals(List.of(id), accountsNamed(c, "KM ").stream().map(EntityRecord::sourceId).toList());
        }
    }

    @Test
    void deletesByIdCountingAMissingIdAsDeleted() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().build());
             Connection c = open(sandbox, sandbox.clientSecret(), Map.of())) {
            WebApiProbe api = new WebApiProbe(sandbox);
            List<WriteOutcome> created = c.writeById("account", null,
                    List.of(account(null, "KM a"), account(null, "KM b"), account(null, "KM kept")));
            String a = created.get(0).id();
            String b = created.get(1).id();
            String neverThere = UUID.randomUUID().toString();

            List<WriteOutcome> deleted = c.deleteById("account", null, List.of(a, b, neverThere, "not-a-guid"));

            for (int i = 0; i < 3; i++) {
                assertEquals(WriteOutcome.Status.DELETED, deleted.get(i).status(), deleted.get(i).toString());
            }
            assertEquals(List.of(a, b, neverThere), deleted.subList(0, 3).stream().map(WriteOutcome::id).toList());
            assertEquals(WriteOutcome.Status.FAILED, deleted.get(3).status());
            assertTrue(deleted.get(3).message().contains("not-a-guid"), deleted.get(3).message());
            assertNull(api.get("accounts", a));
            assertNull(api.get("accounts", b));
            assertEquals(List.of(created.get(2).id()), accountsNamed(c, "KM ").stream().map(EntityRecord::sourceId).toList());
        }
    }

    @Test
    void aRefusedRecordFailsAloneWithDataversesMessageAndTheRestOfTheBatchIsWritten() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().build());
             Connection c = open(sandbox, sandbox.clientSecret(), Map.of())) {
            WebApiProbe api = new WebApiProbe(sandbox);
            String existing = c.writeById("account", null, List.of(account(null, "KM existing"))).get(0).id();
            String tooLong = "x".repeat(161);

            List<WriteOutcome> outcomes = c.writeById("account", null, List.of(
                    account(null, "KM new 1"),
                    account(null, tooLong),
                    account(existing, "KM existing, renamed"),
                    account(existing, tooLong),
                    account("not-a-guid", "KM never"),
                    account(null, "KM new 2")));

            assertEquals(WriteOutcome.Status.INSERTED, outcomes.get(0).status(), outcomes.get(0).toString());
            assertEquals(WriteOutcome.Status.UPDATED, outcomes.get(2).status(), outcomes.get(2).toString());
            assertEquals(existing, outcomes.get(2).id());
            assertEquals(WriteOutcome.Status.INSERTED, outcomes.get(5).status(), outcomes.get(5).toString());
            for (int refused : new int[] {1, 3}) {
                WriteOutcome o = outcomes.get(refused);
                assertEquals(WriteOutcome.Status.FAILED, o.status(), o.toString());
                assertEquals("name", o.field());
                assertTrue(o.message().contains("exceeded the maximum allowed length of '160'"), o.message());
                assertNull(o.id());
            }
            assertEquals(WriteOutcome.Status.FAILED, outcomes.get(4).status());
            assertTrue(outcomes.get(4).message().contains("not-a-guid"), outcomes.get(4).message());

            assertEquals("KM existing, renamed", api.get("accounts", existing).path("name").asText(),
                    "the refused update of the same record changed nothing");
            assertNotNull(api.get("accounts", outcomes.get(0).id()));
            assertNotNull(api.get("accounts", outcomes.get(5).id()));
            assertEquals(Set.of("KM existing, renamed", "KM new 1", "KM new 2"), accountsNamed(c, "KM ").stream()
                    .map(r -> r.get("name").asText()).collect(Collectors.toSet()));
        }
    }
}
