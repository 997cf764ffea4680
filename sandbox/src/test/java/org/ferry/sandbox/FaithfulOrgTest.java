package org.ferry.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox by default behaves as a real Prospect-to-Cash org does (reference real-services.md §1, §2): one
 * alternate key (account.accountnumber), change tracking per table, delta tokens that expire, forbidden key
 * characters, privileges that matter.
 */
class FaithfulOrgTest {
    static SandboxHttp http;

    @BeforeAll
    static void start() throws Exception {
        http = new SandboxHttp(SandboxOptions.builder().clientSecret("s").build());
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
    }

    @Test
    void onlyAccountNumberIsAnAlternateKey() throws Exception {
        JsonNode keys = http.json(http.get(http.sales + "EntityDefinitions(LogicalName='account')/Keys"));
        assertEquals(1, keys.get("value").size());
        assertEquals("accountnumber", keys.get("value").get(0).get("KeyAttributes").get(0).asText());
        assertEquals("Active", keys.get("value").get(0).get("EntityKeyIndexStatus").asText());
        for (String table : List.of("contact", "product", "salesorder", "salesorderdetail", "transactioncurrency", "uom")) {
            JsonNode none = http.json(http.get(http.sales + "EntityDefinitions(LogicalName='" + table + "')/Keys"));
            assertEquals(0, none.get("value").size(), table + " has no alternate key");
        }
        HttpResponse<String> byKey = http.get(http.sales + "transactioncurrencies(isocurrencycode='USD')");
        assertEquals(400, byKey.statusCode(), byKey.body());
        assertTrue(byKey.body().contains("alternate key"), byKey.body());
        HttpResponse<String> patch = http.write("PATCH", http.sales + "products(productnumber='D0001')", "{\"name\":\"x\"}");
        assertEquals(400, patch.statusCode(), "an upsert by a key the table does not have is refused");
        // records of such tables are found with $filter, the documented way
        JsonNode usd = http.json(http.get(http.sales + "transactioncurrencies?$select=transactioncurrencyid&$filter="
                + SandboxHttp.enc("isocurrencycode eq 'USD'")));
        assertEquals(1, usd.get("value").size());
        String plain = http.get(http.sales + "$metadata").body();
        assertFalse(plain.contains("AlternateKeys"), "annotations only when asked for");
        String annotated = http.get(http.sales + "$metadata?annotations=true").body();
        assertTrue(annotated.contains("AlternateKeys"));
    }

    @Test
    void changeTrackingIsPerTable() throws Exception {
        JsonNode accounts = http.json(http.get(http.sales + "EntityDefinitions(LogicalName='account')?$select=ChangeTrackingEnabled"));
        assertTrue(accounts.get("ChangeTrackingEnabled").asBoolean());
        JsonNode prices = http.json(http.get(http.sales + "EntityDefinitions(LogicalName='pricelevel')?$select=LogicalName,ChangeTrackingEnabled"));
        assertFalse(prices.get("ChangeTrackingEnabled").asBoolean());
        assertTrue(http.get(http.sales + "$metadata?annotations=true").body().contains(
                "<EntitySet Name=\"pricelevels\" EntityType=\"Microsoft.Dynamics.CRM.pricelevel\">"));

        HttpResponse<String> tracked = http.get(http.sales + "accounts?$select=name", "Prefer", "odata.track-changes");
        assertEquals("odata.track-changes", tracked.headers().firstValue("Preference-Applied").orElse(""));
        assertTrue(http.json(tracked).has("@odata.deltaLink"));

        // a table without change tracking: the preference is not applied, and no delta link comes back
        HttpResponse<String> untracked = http.get(http.sales + "pricelevels?$select=name", "Prefer", "odata.track-changes");
        assertEquals(200, untracked.statusCode(), untracked.body());
        assertFalse(untracked.headers().firstValue("Preference-Applied").orElse("").contains("track-changes"));
        assertFalse(http.json(untracked).has("@odata.deltaLink"));
        assertTrue(http.json(untracked).get("value").size() > 0);
    }

    @Test
    void deltaTokensExpire() throws Exception {
        String deltaLink = http.json(http.get(http.sales + "accounts?$select=name", "Prefer", "odata.track-changes"))
                .get("@odata.deltaLink").asText();
        assertEquals(200, http.get(deltaLink, "Prefer", "odata.track-changes").statusCode());
        HttpResponse<String> expire = http.write("POST", http.base + "control/expire-delta-tokens", null);
        assertEquals(204, expire.statusCode(), expire.body());
        HttpResponse<String> refused = http.get(deltaLink, "Prefer", "odata.track-changes");
        assertEquals(400, refused.statusCode());
        assertEquals("Version stamp associated with the client has expired. Please perform a full sync.",
                http.json(refused).get("error").get("message").asText());
        // an unknown token is refused the same way
        String unknown = deltaLink.replaceAll("\\$deltatoken=[^&]*", "\\$deltatoken=99999999%2101%2f01%2f2030%2000%3a00%3a00");
        assertEquals(400, http.get(unknown, "Prefer", "odata.track-changes").statusCode());
        // a full read gives a new token that works
        Thread.sleep(1100); // tokens carry seconds; one issued in the second of the expiry counts as expired
        String fresh = http.json(http.get(http.sales + "accounts?$select=name", "Prefer", "odata.track-changes"))
                .get("@odata.deltaLink").asText();
        assertEquals(200, http.get(fresh, "Prefer", "odata.track-changes").statusCode());
    }

    @Test
    void tokensOlderThanTheRetentionExpire() throws Exception {
        try (SandboxHttp oneDay = new SandboxHttp(SandboxOptions.builder().clientSecret("s").deltaTokenDays(1).build())) {
            String old = oneDay.sales + "accounts?$select=name&$deltatoken=" + SandboxHttp.enc("1!01/01/2020 00:00:00");
            HttpResponse<String> r = oneDay.get(old, "Prefer", "odata.track-changes");
            assertEquals(400, r.statusCode());
            assertTrue(r.body().contains("Please perform a full sync"), r.body());
        }
    }

    @Test
    void forbiddenCharactersInAlternateKeysFail() throws Exception {
        for (String c : List.of("/", "<", ">", "*", "%", "&", ":", "\\", "?", "+")) {
            String key = "ACC" + c + "1";
            String url = http.sales + "accounts(accountnumber='" + SandboxHttp.enc(key) + "')";
            assertEquals(400, http.write("PATCH", url, "{\"name\":\"x\"}").statusCode(), "PATCH with " + c);
            assertEquals(400, http.get(url).statusCode(), "GET with " + c);
            assertEquals(400, http.write("DELETE", url, null).statusCode(), "DELETE with " + c);
        }
        // the record itself may hold such a value: created by POST, it is then addressed by id
        HttpResponse<String> created = http.write("POST", http.sales + "accounts",
                "{\"name\":\"slashed\",\"accountnumber\":\"ACC/42\"}");
        assertEquals(204, created.statusCode(), created.body());
        String bind = "{\"name\":\"c\",\"parentcustomerid_account@odata.bind\":\"/accounts(accountnumber='"
                + "ACC%2F42')\"}";
        assertEquals(400, http.write("POST", http.sales + "contacts", bind).statusCode(), "@odata.bind by such a key");
    }

    @Test
    void trackingNeedsOrganizationLevelRead() throws Exception {
        try (SandboxHttp limited = new SandboxHttp(SandboxOptions.builder().clientSecret("s").organizationRead(false).build())) {
            HttpResponse<String> r = limited.get(limited.sales + "accounts?$select=name", "Prefer", "odata.track-changes");
            assertEquals(403, r.statusCode());
            assertEquals("0x80040220", limited.json(r).get("error").get("code").asText());
            assertEquals(200, limited.get(limited.sales + "accounts?$select=name").statusCode(), "plain reads work");
        }
    }

    @Test
    void unreadableTablesAnswerThePrivilegeError() throws Exception {
        try (SandboxHttp limited = new SandboxHttp(SandboxOptions.builder().clientSecret("s")
                .unreadableTables(Set.of("pricelevel")).build())) {
            assertEquals(403, limited.get(limited.sales + "pricelevels?$select=name").statusCode());
            assertEquals(200, limited.get(limited.sales + "accounts?$select=name").statusCode());
        }
    }

    @Test
    void customizedKeysAreForFocusedTests() throws Exception {
        try (SandboxHttp custom = new SandboxHttp(SandboxOptions.builder().clientSecret("s")
                .alternateKeys("contact=msdynce_contactnumber,product=productnumber:pending").build())) {
            JsonNode keys = custom.json(custom.get(custom.sales + "EntityDefinitions(LogicalName='product')?$expand=Keys"));
            assertEquals("Pending", keys.get("Keys").get(0).get("EntityKeyIndexStatus").asText());
            assertEquals(400, custom.write("PATCH", custom.sales + "products(productnumber='D0001')", "{}").statusCode(),
                    "a pending key cannot be used");
            assertEquals(204, custom.write("PATCH", custom.sales + "contacts(msdynce_contactnumber='C-1')",
                    "{\"lastname\":\"x\"}").statusCode());
        }
    }

    @Test
    void keepsItsDataInTheDataDirectory(@TempDir Path dir) throws Exception {
        SandboxOptions options = SandboxOptions.builder().clientSecret("s").dataDirectory(dir).build();
        String deltaLink;
        try (SandboxHttp first = new SandboxHttp(options)) {
            assertEquals(204, first.write("PATCH", first.sales + "accounts(accountnumber='KEPT-1')", "{\"name\":\"kept\"}")
                    .statusCode());
            deltaLink = first.json(first.get(first.sales + "accounts?$select=name", "Prefer", "odata.track-changes"))
                    .get("@odata.deltaLink").asText();
            assertEquals(204, first.write("PATCH", first.sales + "accounts(accountnumber='KEPT-2')", "{\"name\":\"after\"}")
                    .statusCode());
            first.servlet.destroy();
        }
        assertTrue(Files.exists(dir.resolve("dataverse.bin.gz")));
        try (SandboxHttp second = new SandboxHttp(options)) {
            JsonNode kept = second.json(second.get(second.sales + "accounts(accountnumber='KEPT-1')"));
            assertEquals("kept", kept.get("name").asText());
            // the token of the first start still works and sees what changed after it
            String path = deltaLink.substring(deltaLink.indexOf("/sandbox/") + "/sandbox/".length());
            HttpResponse<String> delta = second.get(second.base + path, "Prefer", "odata.track-changes");
            assertEquals(200, delta.statusCode(), delta.body());
            List<String> names = new ArrayList<>();
            second.json(delta).get("value").forEach(r -> names.add(r.path("name").asText()));
            assertEquals(List.of("after"), names);
        }
    }
}
