package org.ferry.connectors.sales.internal;

import static org.ferry.connectors.sales.internal.SalesConnectorSandboxTest.open;
import static org.ferry.connectors.sales.internal.SalesConnectorSandboxTest.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.ReferenceValue;
import org.ferry.api.data.Value;
import org.ferry.api.data.ValueType;
import org.ferry.connectors.common.odata.CsdlParser;
import org.ferry.sandbox.SandboxOptions;
import org.ferry.testing.SandboxServer;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Polymorphic lookups: the engine takes a lookup's first target as its default related entity, so
 * describe() must list targets in the order of the navigation properties in $metadata, the same in every
 * JVM; and a write binds through the navigation property of the reference's own table.
 */
class PolymorphicLookupSandboxTest {

    /** Lookup field to target tables, in navigation-property order, for every table of a $metadata document. */
    private static Map<String, Map<String, List<String>>> lookupsInDocumentOrder(byte[] csdl) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        NodeList types = f.newDocumentBuilder().parse(new ByteArrayInputStream(csdl))
                .getElementsByTagNameNS("*", "EntityType");
        Map<String, Map<String, List<String>>> result = new LinkedHashMap<>();
        for (int i = 0; i < types.getLength(); i++) {
            Element type = (Element) types.item(i);
            Map<String, List<String>> lookups = new LinkedHashMap<>();
            NodeList navs = type.getElementsByTagNameNS("*", "NavigationProperty");
            for (int n = 0; n < navs.getLength(); n++) {
                Element nav = (Element) navs.item(n);
                NodeList constraints = nav.getElementsByTagNameNS("*", "ReferentialConstraint");
                if (constraints.getLength() != 1 || nav.getAttribute("Type").startsWith("Collection(")) {
                    continue;
                }
                String column = ((Element) constraints.item(0)).getAttribute("Property");
                String target = nav.getAttribute("Type").substring(nav.getAttribute("Type").lastIndexOf('.') + 1);
                lookups.computeIfAbsent(column.substring(1, column.length() - "_value".length()),
                        c -> new ArrayList<>()).add(target);
            }
            result.put(type.getAttribute("Name"), lookups);
        }
        return result;
    }

    private static byte[] metadata(SandboxServer sandbox) throws Exception {
        String token = sandbox.accessToken(sandbox.salesUrl() + "/.default");
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(sandbox.salesUrl() + DataverseClient.API_PATH + "$metadata"))
                .header("Authorization", "Bearer " + token).header("Accept", "application/xml").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    private static Map<String, List<String>> lookups(Connection c, String entity) {
        return c.describe(entity).fields().stream().filter(f -> f.type() == ValueType.REFERENCE)
                .collect(Collectors.toMap(FieldSchema::name, FieldSchema::lookup, (a, b) -> a, LinkedHashMap::new));
    }

    @Test
    void describeListsLookupTargetsInMetadataOrderOnEveryConnection() throws Exception {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().build());
             Connection first = open(sandbox, sandbox.clientSecret(), Map.of());
             Connection second = open(sandbox, sandbox.clientSecret(), Map.of())) {
            Map<String, Map<String, List<String>>> expected = lookupsInDocumentOrder(metadata(sandbox));
            assertEquals(List.of("account", "contact"), expected.get("salesorder").get("customerid"));
            assertEquals(List.of("account", "contact"), expected.get("contact").get("parentcustomerid"));
            for (String entity : List.of("salesorder", "quote", "invoice", "contact", "salesorderdetail", "account")) {
                assertEquals(expected.get(entity), lookups(first, entity), entity);
                assertEquals(lookups(first, entity), lookups(first, entity), entity);
                assertEquals(lookups(first, entity), lookups(second, entity), entity);
            }
        }
    }

    /**
     * Targets deliberately out of alphabetical order and more than two of them, so a hash-ordered map would
     * reorder them in almost every JVM, not in half of them.
     */
    @Test
    void keepsTheServicesOrderOfManyTargets() {
        List<String> targets = List.of("opportunity", "account", "task", "contact", "incident", "quote");
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\"?><edmx:Edmx Version=\"4.0\" "
                + "xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\"><edmx:DataServices>"
                + "<Schema Namespace=\"Microsoft.Dynamics.CRM\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">");
        for (String t : targets) {
            x.append("<EntityType Name=\"").append(t).append("\"><Key><PropertyRef Name=\"").append(t)
                    .append("id\"/></Key><Property Name=\"").append(t).append("id\" Type=\"Edm.Guid\"/></EntityType>");
        }
        x.append("<EntityType Name=\"activity\"><Key><PropertyRef Name=\"activityid\"/></Key>")
                .append("<Property Name=\"activityid\" Type=\"Edm.Guid\"/>")
                .append("<Property Name=\"_regardingobjectid_value\" Type=\"Edm.Guid\"/>");
        for (String t : targets) {
            x.append("<NavigationProperty Name=\"regardingobjectid_").append(t).append("\" Type=\"Microsoft.Dynamics.CRM.")
                    .append(t).append("\"><ReferentialConstraint Property=\"_regardingobjectid_value\" ")
                    .append("ReferencedProperty=\"").append(t).append("id\"/></NavigationProperty>");
        }
        x.append("</EntityType></Schema></edmx:DataServices></edmx:Edmx>");
        var csdl = CsdlParser.parse(x.toString().getBytes(StandardCharsets.UTF_8));
        EntityModel model = EntityModel.of(csdl, csdl.type("Microsoft.Dynamics.CRM.activity").orElseThrow(),
                "activitypointers");
        assertEquals(targets, model.schema().field("regardingobjectid").orElseThrow().lookup());
        assertEquals(targets, List.copyOf(model.field("regardingobjectid").orElseThrow().navByTarget().keySet()));
        assertTrue(model.field("regardingobjectid").orElseThrow().navByTarget().get("task")
                .equals("regardingobjectid_task"));
    }

    @Test
    void bindsAPolymorphicCustomerThroughTheNavigationPropertyOfItsTable() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().build());
             Connection c = open(sandbox, sandbox.clientSecret(), Map.of())) {
            EntityRecord contact = readAll(c, new ReadRequest("contact", List.of("msdynce_contactnumber"), null, null,
                    "msdynce_contactnumber ne null", 5), null).get(0);
            EntityRecord account = readAll(c, new ReadRequest("account", List.of("accountnumber"), null, null,
                    "accountnumber ne null", 5), null).get(0);
            // contacts have no alternate key in a real org: the reference names the contact number, found by $filter
            Value byContact = Value.reference("contact", BusinessKey.of("msdynce_contactnumber",
                    contact.get("msdynce_contactnumber").asText()));
            Value byAccount = Value.reference("account", account.key());
            List<WriteOutcome> outcomes = c.upsert("salesorder", null, List.of(
                    EntityRecord.builder("salesorder").key(BusinessKey.of("ordernumber", "IT-CONTACT"))
                            .text("name", "for a contact").set("customerid", byContact).build(),
                    EntityRecord.builder("salesorder").key(BusinessKey.of("ordernumber", "IT-ACCOUNT"))
                            .text("name", "for an account").set("customerid", byAccount).build()));
            outcomes.forEach(o -> assertEquals(WriteOutcome.Status.INSERTED, o.status(), o.toString()));

            // the run asks for the customer's keys: contacts have no alternate key, so it names the contact number
            Map<String, Map<String, List<String>>> customerKeys = Map.of("customerid", Map.of(
                    "contact", List.of("msdynce_contactnumber"), "account", List.of("accountnumber")));
            Map<String, Value> customers = readAll(c, new ReadRequest("salesorder", List.of("ordernumber", "customerid"),
                    null, null, "startswith(ordernumber,'IT-')", 10, customerKeys), null).stream()
                    .collect(Collectors.toMap(r -> r.get("ordernumber").asText(), r -> r.get("customerid")));
            // read back by key, each naming the related record's GUID as that record's own reads give it
            assertEquals(((ReferenceValue) byContact).withId(contact.sourceId()), customers.get("IT-CONTACT"));
            assertEquals(((ReferenceValue) byAccount).withId(account.sourceId()), customers.get("IT-ACCOUNT"));
            assertEquals(ValueType.REFERENCE, customers.get("IT-CONTACT").type());

            EntityRecord wrongTable = EntityRecord.builder("salesorder").key(BusinessKey.of("ordernumber", "IT-BAD"))
                    .set("customerid", Value.reference("product", BusinessKey.of("productnumber", "D0001"))).build();
            WriteOutcome refused = c.upsert("salesorder", null, List.of(wrongTable)).get(0);
            assertEquals(WriteOutcome.Status.FAILED, refused.status());
            assertEquals("customerid", refused.field());
            // clearing goes through the first navigation property and empties the one column behind both
            assertEquals(WriteOutcome.Status.UPDATED, c.upsert("salesorder", null, List.of(EntityRecord.builder(
                    "salesorder").key(BusinessKey.of("ordernumber", "IT-CONTACT")).set("customerid", null).build()))
                    .get(0).status());
            assertNull(readAll(c, new ReadRequest("salesorder", List.of("customerid"), null, null,
                    "ordernumber eq 'IT-CONTACT'", 10), null).get(0).get("customerid"));
        }
    }
}
