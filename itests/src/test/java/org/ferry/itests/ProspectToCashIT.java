package org.ferry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
 * The Accounts template of Prospect-to-Cash over the in-server sandbox, through the admin API: the
 * first run moves every account (the deliberately bad ones explained), and after five accounts are
 * changed through the sandbox's own Dataverse API, the next run writes exactly those five, in both legs. And the
 * same template with F&amp;O writes through data packages: the connector writes each package's CSV and reads the
 * error keys file, the sandbox reads the package's CSV and writes the error keys file, both with
 * jackson-dataformat-csv, a bundle of the distribution.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProspectToCashIT extends FerryTestSupport {
    private static final String SANDBOX_SECRET = "it-p2c-sandbox-secret";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        return ferryWithSandbox(SANDBOX_SECRET);
    }

    @Test
    public void changingFiveSandboxRecordsWritesExactlyThoseFive() throws Exception {
        String base = baseUrl(context);
        String api = base + "/api";
        String admin = adminOnceUp(api);
        String project = SandboxProjects.accounts(api, base, admin, SANDBOX_SECRET, "Accounts").project();

        JsonNode first = run(api, admin, project);
        assertEquals(first.toString(), "WARNING", first.path("status").asText());
        JsonNode toHub = first.path("tasks").path(0).path("legs").path(0);
        assertEquals(1, toHub.path("failed").asInt());
        assertEquals(1, toHub.path("skipped").asInt());
        JsonNode errors = parse(call("GET", api + "/runs/" + first.path("id").asText() + "/errors", admin, null));
        for (JsonNode e : errors.path("items")) {
            assertTrue(e.toString(), e.path("businessKey").asText().equals("ACC-01998-BADCTY")
                    || e.path("message").asText().startsWith("no business key"));
        }

        // five changes through the sandbox's own Dataverse Web API, as a Sales user would make them
        String sandboxToken = SandboxProjects.sandboxToken(base, SANDBOX_SECRET);
        String accounts = base + "/sandbox/sales/api/data/v9.2/accounts";
        List<String> changed = new ArrayList<>();
        for (JsonNode a : parse(call("GET", accounts + "?$select=accountnumber&$filter=" + enc("startswith(accountnumber,'ACC-010')")
                + "&$orderby=accountnumber", sandboxToken, null)).path("value")) {
            if (changed.size() < 5) {
                changed.add(a.path("accountnumber").asText());
            }
        }
        assertEquals(5, changed.size());
        for (String number : changed) {
            HttpResponse<String> patch = call("PATCH", accounts + "(accountnumber='" + number + "')", sandboxToken,
                    json(Map.of("telephone1", "+1-425-555-0" + changed.indexOf(number))));
            assertEquals(patch.body(), 204, patch.statusCode());
        }

        JsonNode second = run(api, admin, project);
        String secondErrors = call("GET", api + "/runs/" + second.path("id").asText() + "/errors", admin, null).body();
        JsonNode legToHub = second.path("tasks").path(0).path("legs").path(0);
        JsonNode legToOperations = second.path("tasks").path(0).path("legs").path(1);
        assertEquals(legToHub + " " + secondErrors, 5, legToHub.path("updated").asInt());
        assertEquals(legToHub.toString(), 5, legToHub.path("read").asInt());
        assertEquals(legToHub.toString(), 0, legToHub.path("failed").asInt());
        assertEquals(legToHub.toString(), 0, legToHub.path("inserted").asInt());
        assertEquals(legToOperations.toString(), 5, legToOperations.path("read").asInt());
        assertEquals(legToOperations.toString(), 5, legToOperations.path("updated").asInt());
    }

    @Test
    public void customersGoThroughDataPackagesAndRefusedOnesComeBackFromTheErrorKeysFile() throws Exception {
        String base = baseUrl(context);
        String api = base + "/api";
        String admin = adminOnceUp(api);
        SandboxProjects.Created p2c = SandboxProjects.accounts(api, base, admin, SANDBOX_SECRET, "Packages",
                Map.of("packageThreshold", "0"));

        // first, customers in a group F&O does not have: the import refuses every one, and each comes back by its
        // customer account with the service's message
        Map<String, Object> refused = Map.of("name", "Refused", "legs", List.of(Map.of("sourceRole", "sales",
                "sourceEntity", "account", "targetRole", "operations", "targetEntity", "CustomersV3", "mappings", List.of(
                        Map.of("target", "CustomerAccount", "source", "accountnumber"),
                        Map.of("target", "OrganizationName", "source", "name"),
                        Map.of("target", "SalesCurrencyCode", "source", "transactioncurrencyid.isocurrencycode"),
                        Map.of("target", "CustomerGroupId", "transforms",
                                List.of(Map.of("type", "Default", "defaultValue", "NO-SUCH-GROUP")))))));
        String refusing = SandboxProjects.created(call("POST", api + "/projects", admin, json(Map.of("name", "Refused",
                "connectionSet", p2c.set(), "organizationMapping", "USMF", "tasks", List.of(refused),
                "consent", Map.of("accepted", true)))));
        JsonNode refusedRun = run(api, admin, refusing);
        JsonNode refusedLeg = refusedRun.path("tasks").path(0).path("legs").path(0);
        assertTrue(refusedRun.toString(), refusedLeg.path("read").asInt() > 20);
        assertEquals(refusedRun.toString(), refusedLeg.path("read").asInt() - refusedLeg.path("skipped").asInt(),
                refusedLeg.path("failed").asInt());
        JsonNode errors = parse(call("GET", api + "/runs/" + refusedRun.path("id").asText() + "/errors?limit=500", admin,
                null)).path("items");
        int fromErrorKeys = 0;
        for (JsonNode e : errors) {
            if (e.path("businessKey").asText().startsWith("ACC-")) {
                assertTrue(e.toString(), e.path("message").asText().contains("NO-SUCH-GROUP"));
                fromErrorKeys++;
            }
        }
        assertTrue(errors.toString(), fromErrorKeys > 20);

        // then the Accounts template: every customer the hub has is written through packages (which report
        // written records as updated, never as inserted)
        JsonNode run = run(api, admin, p2c.project());
        JsonNode toOperations = run.path("tasks").path(0).path("legs").path(1);
        assertTrue(run.toString(), toOperations.path("read").asInt() > 20);
        assertEquals(toOperations.toString(), 0, toOperations.path("inserted").asInt());
        assertEquals(toOperations.toString(), toOperations.path("read").asInt() - toOperations.path("failed").asInt()
                - toOperations.path("skipped").asInt(), toOperations.path("updated").asInt());
        assertEquals(toOperations.toString(), 0, toOperations.path("failed").asInt());
    }

    /** @return an admin's token, once the server's health is UP */
    private static String adminOnceUp(String api) throws InterruptedException {
        awaitJson(api + "/health", Duration.ofSeconds(30), h -> "UP".equals(h.path("status").asText()));
        return adminToken(api);
    }

    private static JsonNode run(String api, String admin, String project) throws InterruptedException {
        return SandboxProjects.run(api, admin, project);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
