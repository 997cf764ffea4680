package org.ferry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
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
 * Prospect-to-Cash against the in-server sandbox as a real org is (no leniency option): validate names the
 * integration keys a template needs where Sales tables have no alternate key, and once the connection set names them
 * the products flow into Sales; a delta token the service expired makes the next run read everything again on its
 * own, say why, and write nothing twice.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RealServicesIT extends FerryTestSupport {
    private static final String SANDBOX_SECRET = "it-real-services-secret";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        return ferryWithSandbox(SANDBOX_SECRET);
    }

    @Test
    public void keysAreCheckedAtValidateAndExpiredTokensStartOver() throws Exception {
        String base = baseUrl(context);
        String api = base + "/api";
        awaitJson(api + "/health", Duration.ofSeconds(30), h -> "UP".equals(h.path("status").asText()));
        String admin = adminToken(api);
        SandboxProjects.Created accounts = SandboxProjects.accounts(api, base, admin, SANDBOX_SECRET, "Real");

        // Products write Sales products, which have no alternate key: validate says which integration key to add
        String products = SandboxProjects.created(call("POST", api + "/projects", admin, json(Map.of("name", "Products",
                "template", "p2c-products", "connectionSet", accounts.set(), "organizationMapping", "USMF",
                "consent", Map.of("accepted", true)))));
        JsonNode problems = parse(call("POST", api + "/projects/" + products + "/validate", admin, null));
        String text = problems.toString();
        assertTrue(text, text.contains("cds:Product -> sales:product") && text.contains("product has no alternate key")
                && text.contains("transactioncurrency records as its integration key"));
        JsonNode template = null;
        for (JsonNode t : parse(call("GET", api + "/templates?limit=100", admin, null)).path("items")) {
            if (t.path("template").path("id").asText().equals("p2c-products")) {
                template = t.path("template");
            }
        }
        assertEquals("the template proposes the key", "productnumber",
                template.path("integrationKeys").path("sales").path("product").path(0).asText());

        JsonNode set = parse(call("GET", api + "/connection-sets/" + accounts.set(), admin, null));
        HttpResponse<String> put = call("PUT", api + "/connection-sets/" + accounts.set(), admin, json(Map.of(
                "name", set.path("name").asText(),
                "connections", Map.of("sales", accounts.sales(), "cds", accounts.cds(), "operations", accounts.operations()),
                "organizationMappings", List.of(Map.of("name", "USMF", "units", Map.of("sales", accounts.rootUnit(),
                        "cds", "ORG001", "operations", "USMF"))),
                "integrationKeys", Map.of("cds", Map.of("Account", List.of("AccountId")),
                        "sales", Map.of("product", List.of("productnumber"), "transactioncurrency", List.of("isocurrencycode"))))));
        assertEquals(put.body(), 200, put.statusCode());
        JsonNode productsRun = SandboxProjects.run(api, admin, products);
        assertEquals(productsRun.toString(), "COMPLETED", productsRun.path("status").asText());
        JsonNode toSales = productsRun.path("tasks").path(0).path("legs").path(1);
        assertEquals(toSales.toString(), 20, toSales.path("updated").asInt() + toSales.path("inserted").asInt());
        String sandboxToken = SandboxProjects.sandboxToken(base, SANDBOX_SECRET);
        JsonNode salesProducts = parse(call("GET", base + "/sandbox/sales/api/data/v9.2/products?$select=productnumber",
                sandboxToken, null));
        assertEquals("found by their number and updated, none created twice", 20, salesProducts.path("value").size());

        // Accounts: a first run, then the service expires its change-tracking tokens
        JsonNode first = SandboxProjects.run(api, admin, accounts.project());
        assertEquals(first.toString(), "WARNING", first.path("status").asText());
        HttpResponse<String> expire = call("POST", base + "/sandbox/control/expire-delta-tokens", sandboxToken, null);
        assertEquals(expire.body(), 204, expire.statusCode());
        Thread.sleep(1100); // tokens carry seconds: the next full read's token must be newer than the expiry
        JsonNode second = SandboxProjects.run(api, admin, accounts.project());
        String errors = call("GET", api + "/runs/" + second.path("id").asText() + "/errors?limit=100", admin, null).body();
        JsonNode toHub = second.path("tasks").path(0).path("legs").path(0);
        assertEquals(toHub + " " + errors, 43, toHub.path("read").asInt());
        assertEquals(toHub.toString(), 0, toHub.path("inserted").asInt() + toHub.path("updated").asInt());
        assertEquals(toHub.toString(), 41, toHub.path("unchanged").asInt());
        assertTrue(errors, errors.contains("\"kind\":\"warning\"") && errors.contains("refused the checkpoint")
                && errors.contains("Please perform a full sync"));
        JsonNode third = SandboxProjects.run(api, admin, accounts.project());
        assertEquals(third.toString(), 0, third.path("tasks").path(0).path("legs").path(0).path("read").asInt());
    }
}
