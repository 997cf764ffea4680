package org.ferry.connectors.common.odata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.Value;
import org.ferry.api.error.ConnectorException;
import org.ferry.api.error.RecordException;
import org.junit.jupiter.api.Test;

class ODataFormatsTest {

    @Test
    void readsTheDocumentedFailingBatchPartInsideAChangeSet() {
        String body = """
                --batchresponse_5a29\r
                Content-Type: multipart/mixed; boundary=changesetresponse_1209\r
                \r
                --changesetresponse_1209\r
                Content-Type: application/http\r
                Content-Transfer-Encoding: binary\r
                Content-ID: 1\r
                \r
                HTTP/1.1 500 Internal Server Error\r
                Content-Type: application/json; odata.metadata=minimal; charset=utf-8\r
                OData-Version: 4.0\r
                \r
                {"error":{"code":"","message":"An error has occurred.","innererror":{"message":"Write failed. Infolog: The record already exists..","type":"X"}}}\r
                --changesetresponse_1209--\r
                --batchresponse_5a29\r
                Content-Type: application/http\r
                Content-Transfer-Encoding: binary\r
                \r
                HTTP/1.1 204 No Content\r
                OData-EntityId: https://x/api/data/v9.2/accounts(1)\r
                \r
                \r
                --batchresponse_5a29--\r
                """;
        List<MultipartBatch.PartResponse> parts = MultipartBatch.parse("multipart/mixed; boundary=batchresponse_5a29",
                body.getBytes(StandardCharsets.UTF_8));
        assertEquals(2, parts.size());
        assertEquals(500, parts.get(0).status());
        assertEquals("Write failed. Infolog: The record already exists..", ODataErrors.message(500, parts.get(0).body()));
        assertEquals(204, parts.get(1).status());
        assertEquals("https://x/api/data/v9.2/accounts(1)", parts.get(1).header("OData-EntityId"));
    }

    @Test
    void readsPartsWithBareNewlinesAndWritesBodiesAsTheyAre() {
        String body = "--b1\nContent-Type: multipart/mixed; boundary=c1\n\n--c1\nContent-Type: application/http\n\n"
                + "HTTP/1.1 201 Created\nLocation: https://x/data/Customers(1)\n\n{\"name\":\"Ä\\n--c\"}\n--c1\n"
                + "Content-Type: application/http\n\nHTTP/1.1 204 No Content\n\n--c1--\n--b1\nContent-Type: application/http\n\n"
                + "HTTP/1.1 404 Not Found\n--b1--\n";
        List<MultipartBatch.PartResponse> parts = MultipartBatch.parse("multipart/mixed;boundary=\"b1\"",
                body.getBytes(StandardCharsets.UTF_8));
        assertEquals(3, parts.size());
        assertEquals(201, parts.get(0).status());
        assertEquals("https://x/data/Customers(1)", parts.get(0).header("location"));
        assertEquals("{\"name\":\"Ä\\n--c\"}", parts.get(0).body());
        assertEquals(204, parts.get(1).status());
        assertEquals("", parts.get(1).body());
        assertEquals(404, parts.get(2).status(), "a part with no blank line after its status");
        assertEquals("", parts.get(2).body());

        byte[] json = "{\"name\":\"Zoë\"}".getBytes(StandardCharsets.UTF_8);
        MultipartBatch batch = new MultipartBatch().add(new MultipartBatch.Part("POST", "Customers",
                Map.of("Content-Type", "application/json"), json));
        String written = new String(batch.body(), StandardCharsets.UTF_8);
        String boundary = batch.contentType().substring(batch.contentType().indexOf('=') + 1);
        assertTrue(written.startsWith("--" + boundary + "\r\n"), written);
        assertTrue(written.contains("POST Customers HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{\"name\":\"Zoë\"}\r\n"), written);
        assertTrue(written.endsWith("--" + boundary + "--\r\n"), written);
    }

    @Test
    void keysAreQuotedAndEncoded() {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("dataAreaId", ODataUrls.literal("usmf", "Edm.String"));
        parts.put("CustomerAccount", ODataUrls.literal("O'Bryan & Co", "Edm.String"));
        assertEquals("(dataAreaId='usmf',CustomerAccount='O''Bryan%20%26%20Co')", ODataUrls.keyPredicate(parts));
        assertEquals("$filter=name%20eq%20%27a%2Bb%27", ODataUrls.query(List.of(Map.entry("$filter", "name eq 'a+b'"))));
    }

    @Test
    void convertsEdmValuesBothWays() {
        assertEquals(Value.decimal("12.50"), EdmValueConverter.read(Json.parse("12.50".getBytes(), "x"), "Edm.Decimal", "f"));
        assertEquals(Value.dateTime(Instant.parse("2024-01-02T03:04:05Z")),
                EdmValueConverter.read(Json.MAPPER.getNodeFactory().textNode("2024-01-02T04:04:05+01:00"),
                        "Edm.DateTimeOffset", "f"));
        for (String utc : List.of("2024-01-02T03:04:05Z", "2024-02-29T23:59:59.5Z", "1999-12-31T00:00:00.1234567Z",
                "2024-01-02T03:04:05.000000000Z")) {
            assertEquals(Value.dateTime(Instant.parse(utc)), EdmValueConverter.read(
                    Json.MAPPER.getNodeFactory().textNode(utc), "Edm.DateTimeOffset", "f"), utc);
        }
        for (String impossible : List.of("2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-0xT00:00:00Z")) {
            assertThrows(RecordException.class, () -> EdmValueConverter.read(
                    Json.MAPPER.getNodeFactory().textNode(impossible), "Edm.DateTimeOffset", "f"), impossible);
        }
        assertEquals(new BigDecimal("12.5"), EdmValueConverter.write(Value.text("12.5"), "Edm.Decimal", "f").decimalValue());
        assertEquals("Yes", EdmValueConverter.write(Value.text("Yes"), "Microsoft.Dynamics.DataEntities.NoYes", "f").asText());
        assertTrue(EdmValueConverter.write(null, "Edm.String", "f").isNull());
        RecordException e = assertThrows(RecordException.class,
                () -> EdmValueConverter.write(Value.text("many"), "Edm.Int32", "numberofemployees"));
        assertEquals("numberofemployees", e.field());
    }

    @Test
    void metadataWithAlternateKeysAndInheritance() {
        String xml = """
                <edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
                 <edmx:DataServices><Schema Namespace="Microsoft.Dynamics.CRM" Alias="mscrm" xmlns="http://docs.oasis-open.org/odata/ns/edm">
                  <EntityType Name="crmbaseentity" Abstract="true"/>
                  <EntityType Name="account" BaseType="mscrm.crmbaseentity">
                   <Key><PropertyRef Name="accountid"/></Key>
                   <Property Name="accountid" Type="Edm.Guid" Nullable="false"/>
                   <Property Name="accountnumber" Type="Edm.String" MaxLength="20"/>
                   <Property Name="_parentaccountid_value" Type="Edm.Guid"/>
                   <NavigationProperty Name="parentaccountid" Type="mscrm.account">
                     <ReferentialConstraint Property="_parentaccountid_value" ReferencedProperty="accountid"/>
                   </NavigationProperty>
                   <Annotation Term="OData.Community.Keys.V1.AlternateKeys"><Collection>
                    <Record Type="OData.Community.Keys.V1.AlternateKey"><PropertyValue Property="Key"><Collection>
                     <Record Type="OData.Community.Keys.V1.PropertyRef"><PropertyValue Property="Alias" String="accountnumber"/>
                      <PropertyValue Property="Name" PropertyPath="accountnumber"/></Record>
                    </Collection></PropertyValue></Record></Collection></Annotation>
                  </EntityType>
                  <EntityContainer Name="System"><EntitySet Name="accounts" EntityType="Microsoft.Dynamics.CRM.account"/></EntityContainer>
                 </Schema></edmx:DataServices></edmx:Edmx>""";
        CsdlModel m = CsdlParser.parse(xml.getBytes(StandardCharsets.UTF_8));
        CsdlModel.EntityType account = m.type("Microsoft.Dynamics.CRM.account").orElseThrow();
        assertEquals(List.of("accountid"), account.key());
        assertEquals(List.of(List.of("accountnumber")), account.alternateKeys());
        assertEquals(20, account.property("accountnumber").orElseThrow().maxLength());
        assertEquals("Microsoft.Dynamics.CRM.account", account.navigations().get(0).targetType());
        assertEquals("accounts", m.entitySetOf("Microsoft.Dynamics.CRM.account").orElseThrow());
    }

    @Test
    void metadataWithAnExternalEntityIsRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>";
        assertThrows(ConnectorException.class, () -> CsdlParser.parse(xxe.getBytes(StandardCharsets.UTF_8)));
    }
}
