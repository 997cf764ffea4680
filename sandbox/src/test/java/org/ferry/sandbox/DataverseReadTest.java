package org.ferry.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DataverseReadTest {
    static SandboxHttp http;

    @BeforeAll
    static void start() throws Exception {
        http = new SandboxHttp(SandboxOptions.builder().clientSecret("s").accounts(1000).build());
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
    }

    @Test
    void pagesWithOpaqueNextLinksUntilAbsent() throws Exception {
        Set<String> ids = new HashSet<>();
        String url = http.sales + "accounts?$select=name,accountnumber";
        int pages = 0;
        while (url != null) {
            HttpResponse<String> r = http.get(url, "Prefer", "odata.maxpagesize=100");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("odata.maxpagesize=100", r.headers().firstValue("Preference-Applied").orElse(null));
            JsonNode body = http.json(r);
            assertTrue(body.get("@odata.context").asText().endsWith("$metadata#accounts(name,accountnumber)"));
            for (JsonNode row : body.get("value")) {
                assertTrue(ids.add(row.get("accountid").asText()), "no row twice");
                assertTrue(row.get("@odata.etag").asText().startsWith("W/\""));
                assertFalse(row.has("telephone1"), "only selected columns");
            }
            assertTrue(body.get("value").size() <= 100);
            url = body.has("@odata.nextLink") ? body.get("@odata.nextLink").asText() : null;
            if (url != null) {
                assertTrue(url.contains("$skiptoken="), url);
            }
            pages++;
        }
        assertEquals(1043, ids.size());
        assertEquals(11, pages);
    }

    @Test
    void aFilterOverAlternateKeyValuesFindsEachAndOnlyThoseWhateverTheCaseAndPagesThem() throws Exception {
        JsonNode page = http.json(http.get(http.sales + "accounts?$select=accountnumber&$top=3"));
        java.util.List<String> numbers = new java.util.ArrayList<>();
        page.get("value").forEach(a -> numbers.add(a.get("accountnumber").asText()));
        assertEquals(3, numbers.size(), page.toString());
        String keys = "accountnumber eq '" + numbers.get(0).toLowerCase(java.util.Locale.ROOT) + "' or accountnumber eq '"
                + numbers.get(1) + "' or accountnumber eq 'NO-SUCH-NUMBER' or accountnumber eq '" + numbers.get(2) + "'";
        Set<String> found = new HashSet<>();
        String url = http.sales + "accounts?$select=accountnumber&$filter=" + SandboxHttp.enc(keys);
        while (url != null) {
            JsonNode body = http.json(http.get(url, "Prefer", "odata.maxpagesize=2"));
            assertTrue(body.get("value").size() <= 2, body.toString());
            body.get("value").forEach(a -> assertTrue(found.add(a.get("accountnumber").asText()), "no row twice"));
            url = body.has("@odata.nextLink") ? body.get("@odata.nextLink").asText() : null;
        }
        assertEquals(Set.copyOf(numbers), found);
        // a branch on another column: every row is looked at, and the answer is the same kind
        JsonNode mixed = http.json(http.get(http.sales + "accounts?$select=accountnumber&$count=true&$filter="
                + SandboxHttp.enc("accountnumber eq '" + numbers.get(0) + "' or name eq 'NO-SUCH-NAME'")));
        assertEquals(1, mixed.get("@odata.count").asInt(), mixed.toString());
    }

    @Test
    void skipIsRefused() throws Exception {
        HttpResponse<String> r = http.get(http.sales + "accounts?$skip=10");
        assertEquals(400, r.statusCode());
        assertNotNull(http.json(r).get("error").get("message"));
    }

    @Test
    void filtersWithQuotingFunctionsAndLookups() throws Exception {
        JsonNode all = http.json(http.get(http.sales + "contacts?$filter=" + SandboxHttp.enc("lastname eq 'O''Brien'")
                + "&$select=lastname,_parentcustomerid_value"));
        assertTrue(all.get("value").size() > 0, all.toString());
        for (JsonNode c : all.get("value")) {
            assertEquals("O'Brien", c.get("lastname").asText());
        }
        String parent = all.get("value").get(0).get("_parentcustomerid_value").asText();
        JsonNode byLookup = http.json(http.get(http.sales + "contacts?$filter=" + SandboxHttp.enc("_parentcustomerid_value eq " + parent)));
        assertTrue(byLookup.get("value").size() >= 1);
        JsonNode combined = http.json(http.get(http.sales + "accounts?$filter=" + SandboxHttp.enc(
                "(startswith(name,'adventure') or contains(name,'WINERY')) and not (address1_country eq null) and numberofemployees ge 0")
                + "&$orderby=" + SandboxHttp.enc("name desc") + "&$count=true"));
        assertTrue(combined.get("value").size() > 2, combined.toString());
        assertEquals(combined.get("value").size(), combined.get("@odata.count").asInt());
        String previous = null;
        for (JsonNode a : combined.get("value")) {
            String name = a.get("name").asText();
            assertTrue(name.toLowerCase().startsWith("adventure") || name.toLowerCase().contains("winery"));
            if (previous != null) {
                assertTrue(previous.compareToIgnoreCase(name) >= 0, previous + " before " + name);
            }
            previous = name;
        }
        JsonNode top = http.json(http.get(http.sales + "accounts?$top=3"));
        assertEquals(3, top.get("value").size());
        assertNull(top.get("@odata.nextLink"));
        JsonNode nav = http.json(http.get(http.sales + "contacts?$filter=" + SandboxHttp.enc(
                "parentcustomerid_account/accountnumber ne null") + "&$top=1"));
        assertEquals(1, nav.get("value").size());
    }

    @Test
    void expandsLookupsAndAnnotatesThem() throws Exception {
        HttpResponse<String> r = http.get(http.sales + "contacts?$select=fullname,_parentcustomerid_value&$top=2&$expand="
                + SandboxHttp.enc("parentcustomerid_account($select=accountnumber,name)"), "Prefer", "odata.include-annotations=\"*\"");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = http.json(r);
        assertTrue(body.get("@odata.context").asText().endsWith(
                "#contacts(fullname,_parentcustomerid_value,parentcustomerid_account(accountnumber,name))"), body.toString());
        JsonNode first = body.get("value").get(0);
        JsonNode parent = first.get("parentcustomerid_account");
        assertEquals(first.get("_parentcustomerid_value").asText(), parent.get("accountid").asText());
        assertTrue(parent.get("accountnumber").asText().startsWith("ACC-"));
        assertEquals(parent.get("name").asText(), first.get("_parentcustomerid_value@OData.Community.Display.V1.FormattedValue").asText());
        assertEquals("account", first.get("_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname").asText());
        assertEquals(400, http.get(http.sales + "contacts?$expand=nosuchnav").statusCode());
    }
}
