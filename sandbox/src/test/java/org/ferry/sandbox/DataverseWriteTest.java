package org.ferry.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DataverseWriteTest {
    static SandboxHttp http;

    @BeforeAll
    static void start() throws Exception {
        http = SandboxHttp.start();
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
    }

    @Test
    void postAnswers204WithEntityIdOr201WithRepresentation() throws Exception {
        HttpResponse<String> plain = http.write("POST", http.sales + "accounts", "{\"name\":\"Plain\",\"accountnumber\":\"ACC-T-1\"}");
        assertEquals(204, plain.statusCode(), plain.body());
        String entityId = plain.headers().firstValue("OData-EntityId").orElseThrow();
        assertTrue(entityId.matches(".*/api/data/v9\\.2/accounts\\([0-9a-f-]{36}\\)"), entityId);
        JsonNode read = http.json(http.get(entityId));
        assertEquals("Plain", read.get("name").asText());
        assertTrue(read.has("createdon") && read.has("modifiedon") && read.has("_owningbusinessunit_value"));

        HttpResponse<String> rich = http.write("POST", http.sales + "accounts?$select=name", "{\"name\":\"Rich\"}",
                "Prefer", "return=representation");
        assertEquals(201, rich.statusCode());
        JsonNode body = http.json(rich);
        assertTrue(body.get("@odata.context").asText().endsWith("$metadata#accounts(name)/$entity"), body.toString());
        assertEquals("Rich", body.get("name").asText());
        assertTrue(body.get("@odata.etag").asText().startsWith("W/\""));
        assertFalse(rich.headers().firstValue("OData-EntityId").isPresent());
    }

    @Test
    void patchByAlternateKeyIsAnUpsert() throws Exception {
        String url = http.sales + "accounts(accountnumber='ACC-UPS-1')";
        HttpResponse<String> created = http.write("PATCH", url, "{\"name\":\"Upserted\"}", "Prefer", "return=representation");
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("ACC-UPS-1", http.json(created).get("accountnumber").asText(), "URL key copied into the new row");
        HttpResponse<String> updated = http.write("PATCH", url, "{\"name\":\"Upserted again\"}", "Prefer", "return=representation");
        assertEquals(200, updated.statusCode());
        assertEquals(http.json(created).get("accountid"), http.json(updated).get("accountid"));
        HttpResponse<String> silent = http.write("PATCH", url, "{\"telephone1\":\"555\"}");
        assertEquals(204, silent.statusCode());
        assertEquals(url, silent.headers().firstValue("OData-EntityId").orElse(null), "the key form the request used");
        JsonNode row = http.json(http.get(url));
        assertEquals("Upserted again", row.get("name").asText());
        assertEquals("555", row.get("telephone1").asText());
    }

    @Test
    void conditionalHeadersMakeUpdateOnlyOrCreateOnly() throws Exception {
        HttpResponse<String> missing = http.write("PATCH", http.sales + "accounts(accountnumber='ACC-NOPE')", "{\"name\":\"x\"}",
                "If-Match", "*");
        assertEquals(404, missing.statusCode());
        assertTrue(http.json(missing).get("error").get("message").asText().contains("Does Not Exist"));
        assertEquals(404, http.get(http.sales + "accounts(accountnumber='ACC-NOPE')").statusCode(), "nothing was created");

        http.write("PATCH", http.sales + "accounts(accountnumber='ACC-ONCE')", "{\"name\":\"once\"}");
        HttpResponse<String> again = http.write("PATCH", http.sales + "accounts(accountnumber='ACC-ONCE')", "{\"name\":\"twice\"}",
                "If-None-Match", "*");
        assertEquals(412, again.statusCode());
        assertEquals("A record with matching key values already exists.", http.json(again).get("error").get("message").asText());

        JsonNode row = http.json(http.get(http.sales + "accounts(accountnumber='ACC-ONCE')"));
        HttpResponse<String> stale = http.write("PATCH", http.sales + "accounts(accountnumber='ACC-ONCE')", "{\"name\":\"y\"}",
                "If-Match", "W/\"1\"");
        assertEquals(412, stale.statusCode());
        HttpResponse<String> current = http.write("PATCH", http.sales + "accounts(accountnumber='ACC-ONCE')", "{\"name\":\"y\"}",
                "If-Match", row.get("@odata.etag").asText());
        assertEquals(204, current.statusCode());
        assertEquals(304, http.get(http.sales + "accounts(accountnumber='ACC-ONCE')", "If-None-Match",
                http.json(http.get(http.sales + "accounts(accountnumber='ACC-ONCE')")).get("@odata.etag").asText()).statusCode());
    }

    /**
     * Reference §2.5 (Microsoft's "Upsert a table row", "Prevent update in upsert"): a PATCH to a primary key that
     * does not exist creates the record with that id; with {@code If-None-Match: *} it only creates, and a second
     * one is 412, leaving the record as the first made it.
     */
    @Test
    void createOnlyPatchByANewPrimaryKeyCreatesWithThatIdThenAnswers412() throws Exception {
        String id = "5a0e1d2c-3b4a-4f5e-8d7c-6b5a4f3e2d1c";
        String url = http.sales + "accounts(" + id + ")";
        HttpResponse<String> created = http.write("PATCH", url + "?$select=accountid", "{\"name\":\"Chosen id\"}",
                "If-None-Match", "*", "Prefer", "return=representation");
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(id, http.json(created).get("accountid").asText());
        assertEquals("Chosen id", http.json(http.get(url)).get("name").asText());

        HttpResponse<String> again = http.write("PATCH", url, "{\"name\":\"Sent again\"}", "If-None-Match", "*");
        assertEquals(412, again.statusCode(), again.body());
        assertEquals("A record with matching key values already exists.", http.json(again).get("error").get("message").asText());
        assertEquals("Chosen id", http.json(http.get(url)).get("name").asText(), "the record was not updated");
    }

    /**
     * A POST may carry the primary id: the record is created with it. The same id again is refused with
     * Dataverse's duplicate-key error, 0x80040237 "Cannot insert duplicate key" (Microsoft, "Troubleshoot Dataverse
     * client errors"), as 412 (reference §2.9: DuplicateRecord).
     */
    @Test
    void postWithThePrimaryIdCreatesWithThatIdAndTheSameIdAgainIsADuplicateKey() throws Exception {
        String id = "6b1f2e3d-4c5b-4a6f-9e8d-7c6b5a4f3e2d";
        HttpResponse<String> created = http.write("POST", http.sales + "accounts",
                "{\"accountid\":\"" + id + "\",\"name\":\"Posted id\"}");
        assertEquals(204, created.statusCode(), created.body());
        assertTrue(created.headers().firstValue("OData-EntityId").orElse("").endsWith("accounts(" + id + ")"));
        assertEquals("Posted id", http.json(http.get(http.sales + "accounts(" + id + ")")).get("name").asText());

        HttpResponse<String> duplicate = http.write("POST", http.sales + "accounts",
                "{\"accountid\":\"" + id + "\",\"name\":\"Posted twice\"}");
        assertEquals(412, duplicate.statusCode(), duplicate.body());
        JsonNode error = http.json(duplicate).get("error");
        assertEquals("0x80040237", error.get("code").asText());
        assertEquals("Cannot insert duplicate key.", error.get("message").asText());
        assertEquals("Posted id", http.json(http.get(http.sales + "accounts(" + id + ")")).get("name").asText());
    }

    @Test
    void undeclaredKeyIsRefused() throws Exception {
        HttpResponse<String> r = http.get(http.sales + "accounts(name='x')");
        assertEquals(400, r.statusCode());
        assertTrue(http.json(r).get("error").get("message").asText().startsWith("The key in the request URI is not valid"));
    }

    @Test
    void bindSetsLookupsByIdOrAlternateKey() throws Exception {
        http.write("PATCH", http.sales + "accounts(accountnumber='ACC-PARENT')", "{\"name\":\"Parent\"}");
        String parentId = http.json(http.get(http.sales + "accounts(accountnumber='ACC-PARENT')")).get("accountid").asText();
        HttpResponse<String> contact = http.write("POST", http.sales + "contacts",
                "{\"firstname\":\"Ada\",\"lastname\":\"Lovelace\",\"parentcustomerid_account@odata.bind\":\"/accounts(accountnumber='ACC-PARENT')\"}",
                "Prefer", "return=representation");
        assertEquals(201, contact.statusCode(), contact.body());
        assertEquals(parentId, http.json(contact).get("_parentcustomerid_value").asText());
        assertEquals("Ada Lovelace", http.json(contact).get("fullname").asText());
        HttpResponse<String> byId = http.write("POST", http.sales + "accounts",
                "{\"name\":\"Child\",\"parentaccountid@odata.bind\":\"/accounts(" + parentId + ")\"}", "Prefer", "return=representation");
        assertEquals(parentId, http.json(byId).get("_parentaccountid_value").asText());
        HttpResponse<String> unknown = http.write("POST", http.sales + "contacts",
                "{\"lastname\":\"X\",\"parentcustomerid_account@odata.bind\":\"/accounts(accountnumber='ACC-MISSING')\"}");
        assertEquals(404, unknown.statusCode());
        HttpResponse<String> badNav = http.write("POST", http.sales + "contacts", "{\"lastname\":\"X\",\"nosuch@odata.bind\":\"/accounts(" + parentId + ")\"}");
        assertEquals(400, badNav.statusCode());
    }

    @Test
    void stringLongerThanMaxLengthIsAValidationError() throws Exception {
        HttpResponse<String> r = http.write("POST", http.sales + "accounts", "{\"accountnumber\":\"" + "X".repeat(21) + "\"}");
        assertEquals(400, r.statusCode());
        JsonNode error = http.json(r).get("error");
        assertEquals("0x80044331", error.get("code").asText());
        assertEquals("A validation error occurred.  The length of the 'accountnumber' attribute of the 'account' entity"
                + " exceeded the maximum allowed length of '20'.", error.get("message").asText());
    }

    @Test
    void deleteAnswers204Then404() throws Exception {
        http.write("PATCH", http.sales + "accounts(accountnumber='ACC-DEL')", "{\"name\":\"gone soon\"}");
        assertEquals(204, http.write("DELETE", http.sales + "accounts(accountnumber='ACC-DEL')", null).statusCode());
        assertEquals(404, http.write("DELETE", http.sales + "accounts(accountnumber='ACC-DEL')", null).statusCode());
    }

    @Test
    void metadataDescribesKeysAlternateKeysAndLookups() throws Exception {
        String csdl = http.get(http.sales + "$metadata?annotations=true").body();
        assertTrue(csdl.contains("<EntityType Name=\"account\">"));
        assertTrue(csdl.contains("<Key><PropertyRef Name=\"accountid\"/></Key>"));
        assertTrue(csdl.contains("<Property Name=\"accountnumber\" Type=\"Edm.String\" MaxLength=\"20\"/>"));
        assertTrue(csdl.contains("<NavigationProperty Name=\"parentcustomerid_account\" Type=\"Microsoft.Dynamics.CRM.account\">"));
        assertTrue(csdl.contains("<EntitySet Name=\"accounts\" EntityType=\"Microsoft.Dynamics.CRM.account\">"));
        assertTrue(csdl.contains("OData.Community.Keys.V1.AlternateKeys"));
        assertTrue(csdl.contains("<PropertyValue Property=\"Name\" PropertyPath=\"accountnumber\"/>"));
    }
}
