package org.ferry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Syncing without business keys, through the admin API over the in-server sandbox: Sales contacts have no
 * natural key, so the engine keeps which hub record each one became, writes their account lookups through
 * the accounts' key map, updates through the map when a contact changes, and shows and forgets entries.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KeyMapIT extends FerryTestSupport {
    private static final String SECRET = "it-keymap-sandbox-secret";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        return ferryWithSandbox(SECRET);
    }

    @Test
    public void contactsWithoutBusinessKeysSyncThroughKeyMaps() throws Exception {
        String base = baseUrl(context);
        String api = base + "/api";
        awaitJson(api + "/health", Duration.ofSeconds(30), h -> "UP".equals(h.path("status").asText()));
        String admin = adminToken(api);
        SandboxProjects.Created p2c = SandboxProjects.accounts(api, base, admin, SECRET, "KeyMaps");
        // accounts go on to F&O without a customer account: F&O numbers them, the key map remembers the numbers
        Map<String, Object> accounts = Map.of("name", "Accounts", "legs", List.of(Map.of("sourceRole", "sales",
                "sourceEntity", "account", "targetRole", "cds", "targetEntity", "Account", "keyMap", true,
                "mappings", List.of(Map.of("target", "AccountId", "source", "accountnumber"),
                        Map.of("target", "Name", "source", "name"))),
                Map.of("sourceRole", "cds", "sourceEntity", "Account", "targetRole", "operations",
                        "targetEntity", "CustomersV3", "keyMap", true, "mappings", List.of(
                                Map.of("target", "OrganizationName", "source", "Name", "transforms",
                                        List.of(Map.of("type", "Truncate"))),
                                Map.of("target", "CustomerGroupId", "transforms",
                                        List.of(Map.of("type", "Default", "defaultValue", "10"))),
                                Map.of("target", "SalesCurrencyCode", "transforms",
                                        List.of(Map.of("type", "Default", "defaultValue", "USD")))))));
        Map<String, Object> contactsLeg = Map.of("sourceRole", "sales",
                "sourceEntity", "contact", "targetRole", "cds", "targetEntity", "Contact", "keyMap", true,
                "mappings", List.of(Map.of("target", "LastName", "source", "lastname"),
                        Map.of("target", "FirstName", "source", "firstname"),
                        Map.of("target", "Email", "source", "emailaddress1"),
                        Map.of("target", "Account_AccountId", "source", "parentcustomerid")));
        Map<String, Object> contacts = Map.of("name", "Contacts", "legs", List.of(contactsLeg));
        String project = SandboxProjects.created(call("POST", api + "/projects", admin, json(Map.of("name", "Key maps",
                "connectionSet", p2c.set(), "organizationMapping", "USMF", "tasks", List.of(accounts, contacts),
                "consent", Map.of("accepted", true)))));
        JsonNode tasks = parse(call("GET", api + "/projects/" + project + "/tasks", admin, null)).path("items");
        assertTrue(tasks.toString(), tasks.path(1).path("legs").path(0).path("keyMap").asBoolean());
        String contactMap = api + "/projects/" + project + "/tasks/" + tasks.path(1).path("id").asText() + "/legs/0/key-map";

        // first sight: every contact created in the hub, the map holding where each went
        JsonNode first = SandboxProjects.run(api, admin, project);
        JsonNode toHub = first.path("tasks").path(1).path("legs").path(0);
        assertEquals(first.toString(), 0, toHub.path("failed").asInt());
        int created = toHub.path("inserted").asInt();
        assertTrue(first.toString(), created > 50 && created == toHub.path("read").asInt());
        JsonNode toHubAccounts = first.path("tasks").path(0).path("legs").path(0);
        JsonNode toOperations = first.path("tasks").path(0).path("legs").path(1);
        assertEquals(first.toString(), toHubAccounts.path("inserted").asInt(), toOperations.path("inserted").asInt());
        JsonNode customers = parse(call("GET", api + "/projects/" + project + "/tasks/" + tasks.path(0).path("id").asText()
                + "/legs/1/key-map?limit=500", admin, null)).path("items");
        assertEquals(toOperations.path("inserted").asInt(), customers.size());
        Set<String> numbers = new HashSet<>();
        for (JsonNode c : customers) {
            assertTrue(c.toString(), c.path("targetId").asText().toUpperCase(java.util.Locale.ROOT).startsWith("USMF|US-"));
            numbers.add(c.path("targetId").asText());
        }
        assertEquals("every customer got its own number", customers.size(), numbers.size());
        JsonNode entries = parse(call("GET", contactMap + "?limit=500", admin, null)).path("items");
        assertEquals(created, entries.size());
        Set<String> targets = new HashSet<>();
        entries.forEach(e -> targets.add(e.path("targetId").asText()));
        assertEquals("one hub record per contact", created, targets.size());
        JsonNode entry = entries.path(0);
        assertEquals("ORG001", entry.path("targetOrganization").asText());
        assertEquals(first.path("id").asText(), entry.path("runId").asText());

        // a contact changed in Sales is updated through the map: same hub record, nothing created
        String guid = entry.path("sourceId").asText();
        HttpResponse<String> change = call("PATCH", base + "/sandbox/sales/api/data/v9.2/contacts(" + guid + ")",
                SandboxProjects.sandboxToken(base, SECRET), json(Map.of("lastname", "Keymapped")));
        assertEquals(change.body(), 204, change.statusCode());
        JsonNode second = SandboxProjects.run(api, admin, project);
        JsonNode changed = second.path("tasks").path(1).path("legs").path(0);
        assertEquals(changed.toString(), 1, changed.path("updated").asInt());
        assertEquals(changed.toString(), 0, changed.path("inserted").asInt());
        JsonNode same = parse(call("GET", contactMap + "?sourceId=" + guid, admin, null)).path("items");
        assertEquals(1, same.size());
        assertEquals(entry.path("targetId").asText(), same.path(0).path("targetId").asText());
        assertEquals(second.path("id").asText(), same.path(0).path("runId").asText());

        // the lookups went through the accounts' key map: the hub contacts read back with their accounts
        String hubContacts = json(Map.of("name", "Hub contacts", "legs", List.of(Map.of("sourceRole", "cds",
                "sourceEntity", "Contact", "targetRole", "sales", "targetEntity", "contact", "keyMap", true, "mappings",
                List.of(Map.of("target", "lastname", "source", "LastName"))))));
        String hubTask = SandboxProjects.created(call("POST", api + "/projects/" + project + "/tasks", admin, hubContacts));
        JsonNode preview = parse(call("POST", api + "/projects/" + project + "/tasks/" + hubTask + "/preview", admin,
                json(Map.of("limit", 200)))).path("items");
        int withAccount = 0;
        for (JsonNode r : preview) {
            if (r.path("source").path("Account_AccountId").asText().startsWith("ACC-")) {
                withAccount++;
            }
            assertFalse(r.toString(), r.path("source").path("LastName").asText().isEmpty());
        }
        assertEquals(preview.toString(), created, preview.size());
        assertEquals("every hub contact refers to its account", created, withAccount);
        assertEquals(204, call("DELETE", api + "/projects/" + project + "/tasks/" + hubTask, admin, null).statusCode());

        // forgetting an entry makes the next run create that record anew
        HttpResponse<String> forgot = call("DELETE", contactMap + "?sourceId=" + guid, admin, null);
        assertEquals(forgot.body(), 200, forgot.statusCode());
        assertEquals(1, parse(forgot).path("forgotten").asInt());
        JsonNode full = SandboxProjects.await(api, admin, SandboxProjects.created(call("POST", api + "/projects/" + project
                + "/runs", admin, json(Map.of("mode", "full")))));
        JsonNode again = full.path("tasks").path(1).path("legs").path(0);
        assertEquals(again.toString(), 1, again.path("inserted").asInt());
        assertEquals(created, parse(call("GET", contactMap + "?limit=500", admin, null)).path("items").size());
        assertFalse(entry.path("targetId").asText().equals(parse(call("GET", contactMap + "?sourceId=" + guid, admin, null))
                .path("items").path(0).path("targetId").asText()));

        // a contact deleted in Sales is deactivated in the hub rather than deleted, and stays mapped
        Map<String, Object> deactivating = new java.util.HashMap<>(contactsLeg);
        deactivating.put("deletes", true);
        deactivating.put("deactivate", Map.of("field", "JobTitle", "value", "Left the company"));
        String contactsTask = api + "/projects/" + project + "/tasks/" + tasks.path(1).path("id").asText();
        HttpResponse<String> updated = call("PUT", contactsTask, admin, json(Map.of("name", "Contacts",
                "legs", List.of(deactivating))));
        assertEquals(updated.body(), 200, updated.statusCode());
        JsonNode leaving = entries.path(1);
        String sandbox = SandboxProjects.sandboxToken(base, SECRET);
        String contactUrl = base + "/sandbox/sales/api/data/v9.2/contacts(" + leaving.path("sourceId").asText() + ")";
        String email = parse(call("GET", contactUrl + "?$select=emailaddress1", sandbox, null)).path("emailaddress1").asText();
        assertEquals(204, call("DELETE", contactUrl, sandbox, null).statusCode());
        JsonNode afterDelete = SandboxProjects.run(api, admin, project).path("tasks").path(1).path("legs").path(0);
        assertEquals(afterDelete.toString(), 1, afterDelete.path("deleted").asInt());
        assertEquals(leaving.path("targetId").asText(), parse(call("GET", contactMap + "?sourceId="
                + leaving.path("sourceId").asText(), admin, null)).path("items").path(0).path("targetId").asText());
        String checkTask = SandboxProjects.created(call("POST", api + "/projects/" + project + "/tasks", admin, hubContacts));
        JsonNode hub = parse(call("POST", api + "/projects/" + project + "/tasks/" + checkTask + "/preview", admin,
                json(Map.of("limit", 200)))).path("items");
        int marked = 0;
        for (JsonNode r : hub) {
            if (r.path("source").path("Email").asText().equals(email)) {
                assertEquals(r.toString(), "Left the company", r.path("source").path("JobTitle").asText());
                marked++;
            }
        }
        assertEquals("the deactivated contact is still in the hub", 1, marked);
        assertEquals(204, call("DELETE", api + "/projects/" + project + "/tasks/" + checkTask, admin, null).statusCode());
        assertEquals("deactivated once", 0, SandboxProjects.run(api, admin, project).path("tasks").path(1).path("legs")
                .path(0).path("deleted").asInt());

        // clear errors: a leg matched by business key has no key map, a leg that does not exist is not found
        String p2cTask = parse(call("GET", api + "/projects/" + p2c.project() + "/tasks", admin, null))
                .path("items").path(0).path("id").asText();
        HttpResponse<String> byKey = call("GET", api + "/projects/" + p2c.project() + "/tasks/" + p2cTask + "/legs/0/key-map",
                admin, null);
        assertEquals(byKey.body(), 422, byKey.statusCode());
        assertEquals("leg", parse(byKey).path("errors").path(0).path("field").asText());
        assertEquals(404, call("GET", contactMap.replace("/legs/0/", "/legs/7/"), admin, null).statusCode());
    }
}
