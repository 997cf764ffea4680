package org.ferry.connectors.sales.internal;

import static org.ferry.connectors.sales.internal.SalesConnectorSandboxTest.open;
import static org.ferry.connectors.sales.internal.SalesConnectorSandboxTest.readAll;
import static org.ferry.connectors.sales.internal.WriteByIdSandboxTest.account;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.ReferenceValue;
import org.ferry.api.data.Value;
import org.ferry.sandbox.SandboxOptions;
import org.ferry.testing.SandboxServer;
import org.junit.jupiter.api.Test;

/**
 * Lookups by id: written as {@code @odata.bind} to the related record's GUID, and read back carrying that
 * GUID, by id only where the related record has no business key.
 */
class LookupByIdSandboxTest {

    private static EntityRecord keyedAccount(Connection c) {
        return readAll(c, new ReadRequest("account", List.of("accountnumber"), null, null, "accountnumber ne null", 1),
                null).get(0);
    }

    private static EntityRecord contact(String name, Value customer) {
        return EntityRecord.builder("contact").text("lastname", name).set("parentcustomerid", customer).build();
    }

    @Test
    void bindsLookupsByIdAndReadsThemBackWithTheirIds() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().build());
             Connection c = open(sandbox, sandbox.clientSecret(), Map.of())) {
            WebApiProbe api = new WebApiProbe(sandbox);
            EntityRecord keyed = keyedAccount(c);
            String parent = c.writeById("account", null, List.of(account(null, "KM parent"))).get(0).id();

            List<WriteOutcome> outcomes = c.writeById("account", null, List.of(
                    account(null, "KM child of a keyless parent").toBuilder()
                            .set("parentaccountid", ReferenceValue.byId("account", parent)).build(),
                    account(null, "KM child of a keyed parent").toBuilder()
                            .set("parentaccountid", ReferenceValue.byId("account", keyed.sourceId())).build(),
                    // the engine resolved the id through a key map; the key beside it names another record
                    account(null, "KM child, id and key disagree").toBuilder()
                            .set("parentaccountid", new ReferenceValue("account", keyed.key(), parent)).build()));
            outcomes.forEach(o -> assertEquals(WriteOutcome.Status.INSERTED, o.status(), o.toString()));
            assertEquals(parent, api.get("accounts", outcomes.get(0).id()).path("_parentaccountid_value").asText());
            assertEquals(keyed.sourceId(), api.get("accounts", outcomes.get(1).id()).path("_parentaccountid_value").asText());
            assertEquals(parent, api.get("accounts", outcomes.get(2).id()).path("_parentaccountid_value").asText(),
                    "by id wins over by key");

            Map<String, Value> parents = WriteByIdSandboxTest.accountsNamed(c, "KM child").stream()
                    .collect(Collectors.toMap(r -> r.get("name").asText(), r -> r.get("parentaccountid")));
            // a parent without an account number is referenced by id alone rather than dropped
            assertEquals(ReferenceValue.byId("account", parent), parents.get("KM child of a keyless parent"));
            assertEquals(ReferenceValue.byId("account", parent), parents.get("KM child, id and key disagree"));
            assertEquals(new ReferenceValue("account", keyed.key(), keyed.sourceId()),
                    parents.get("KM child of a keyed parent"));
        }
    }

    @Test
    void aKeylessParentLeavesTheChildWithoutABusinessKeyButWithItsReference() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().build());
             Connection c = open(sandbox, sandbox.clientSecret(), Map.of())) {
            EntityRecord order = readAll(c, new ReadRequest("salesorder", List.of("ordernumber"), null, null,
                    "ordernumber ne null", 1), null).get(0);
            EntityRecord line = readAll(c, new ReadRequest("salesorderdetail", List.of("salesorderid"), null, null,
                    "_salesorderid_value eq " + order.sourceId(), 1), null).get(0);
            assertEquals(new ReferenceValue("salesorder", order.key(), order.sourceId()), line.get("salesorderid"));

            // the order loses its number: its lines' keys (order number, sequence) cannot be formed any more
            assertEquals(WriteOutcome.Status.UPDATED, c.writeById("salesorder", null, List.of(EntityRecord
                    .builder("salesorder").sourceId(order.sourceId()).set("ordernumber", null).build())).get(0).status());
            EntityRecord again = readAll(c, new ReadRequest("salesorderdetail", List.of("salesorderid"), null, null,
                    "salesorderdetailid eq " + line.sourceId(), 1), null).get(0);

            assertNull(again.key(), "no business key without the order's number, as before");
            assertEquals(ReferenceValue.byId("salesorder", order.sourceId()), again.get("salesorderid"));
        }
    }

    @Test
    void bindsAPolymorphicLookupByIdThroughTheNavigationPropertyOfItsTable() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().build());
             Connection c = open(sandbox, sandbox.clientSecret(), Map.of())) {
            WebApiProbe api = new WebApiProbe(sandbox);
            String account = c.writeById("account", null, List.of(account(null, "KM customer"))).get(0).id();
            String person = c.writeById("contact", null, List.of(contact("KM person", null))).get(0).id();
            String missing = UUID.randomUUID().toString();

            List<WriteOutcome> outcomes = c.writeById("contact", null, List.of(
                    contact("KM of an account", ReferenceValue.byId("account", account)),
                    contact("KM of a contact", ReferenceValue.byId("contact", person)),
                    contact("KM of nobody", ReferenceValue.byId("account", missing))));

            assertEquals(WriteOutcome.Status.INSERTED, outcomes.get(0).status(), outcomes.get(0).toString());
            assertEquals(WriteOutcome.Status.INSERTED, outcomes.get(1).status(), outcomes.get(1).toString());
            WriteOutcome refused = outcomes.get(2);
            assertEquals(WriteOutcome.Status.FAILED, refused.status());
            assertTrue(refused.message().contains(missing) && refused.message().contains("Does Not Exist"),
                    refused.message());
            assertEquals(account, api.get("contacts", outcomes.get(0).id()).path("_parentcustomerid_value").asText());
            assertEquals(person, api.get("contacts", outcomes.get(1).id()).path("_parentcustomerid_value").asText());
            Map<String, Value> customers = readAll(c, new ReadRequest("contact", List.of("lastname", "parentcustomerid"),
                    null, null, "startswith(lastname,'KM of')", 10), null).stream()
                    .collect(Collectors.toMap(r -> r.get("lastname").asText(), r -> r.get("parentcustomerid")));
            assertEquals(ReferenceValue.byId("account", account), customers.get("KM of an account"));
            assertEquals(ReferenceValue.byId("contact", person), customers.get("KM of a contact"));
        }
    }
}
