package org.ferry.connectors.operations.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.ferry.api.connector.ChangeTracking;
import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ReadRequest;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.FieldProblem;
import org.ferry.sandbox.SandboxOptions;
import org.ferry.testing.SandboxServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The F&amp;O connector against the sandbox's faithful F&amp;O dialect (issue 14): filters the service refuses are
 * refused at validation with the token and what to write instead, and the replacement works; entities without a
 * modified date-time read fully; next links that drop {@code cross-company=true} still read every company.
 */
class OperationsDialectSandboxTest {
    private static final String NO_YES = "Microsoft.Dynamics.DataEntities.NoYes";
    private static SandboxServer sandbox;
    private static Connection c;
    private static String token;

    @BeforeAll
    static void start() {
        sandbox = SandboxServer.start(SandboxOptions.builder().operationsPageSize(10).build());
        c = OperationsConnectorSandboxTest.open(sandbox);
        token = sandbox.accessToken(sandbox.operationsUrl() + "/.default");
    }

    @AfterAll
    static void stop() {
        c.close();
        sandbox.close();
    }

    /** @return the status the service answers the filter with when it is sent as written */
    private static int served(String entity, String filter) throws Exception {
        String url = sandbox.operationsDataUrl() + entity + "?cross-company=true&$filter="
                + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static List<EntityRecord> read(String entity, String filter) {
        return OperationsConnectorSandboxTest.readAll(c, new ReadRequest(entity, List.of(), null, null, filter, 1000), null);
    }

    /**
     * Asserts that the service refuses {@code filter}, that validation refuses it first on field {@code filter} naming
     * {@code token} at {@code position} (1-based), and that what the message says to write instead is accepted by both.
     *
     * @return the filter the message suggests
     */
    private static String refused(String entity, String filter, String token, int position) throws Exception {
        assertEquals(400, served(entity, filter), "the service refuses " + filter);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> c.validateFilter(entity, filter));
        FieldProblem problem = e.problems().get(0);
        assertEquals("filter", problem.field());
        assertTrue(problem.message().startsWith("'" + token + "' at position " + position + " "), problem.message());
        assertEquals(token, filter.substring(position - 1, position - 1 + token.length()), "the position points at the token");
        String message = problem.message();
        String instead = message.substring(message.indexOf("write ") + "write ".length()).replaceAll(",? (\\(members|once per).*", "");
        c.validateFilter(entity, instead);
        assertEquals(200, served(entity, instead), instead);
        // a read refuses it too, before the service is asked
        assertThrows(ConfigurationException.class, () -> read(entity, filter));
        return instead;
    }

    @Test
    void stringFunctionsAreRefusedWithTheWildcardToWriteInstead() throws Exception {
        String instead = refused("CustomersV3", "contains(OrganizationName,'retail')", "contains", 1);
        assertEquals("OrganizationName eq '*retail*'", instead);
        Set<String> all = read("CustomersV3", null).stream()
                .filter(r -> r.get("OrganizationName") != null
                        && r.get("OrganizationName").asText().toLowerCase(Locale.ROOT).contains("retail"))
                .map(r -> r.organization() + "/" + r.key()).collect(Collectors.toSet());
        assertFalse(all.isEmpty());
        assertEquals(all, read("CustomersV3", instead).stream().map(r -> r.organization() + "/" + r.key())
                .collect(Collectors.toSet()), "the wildcard finds what contains() meant");

        assertEquals("CustomerAccount eq 'US-00*'",
                refused("CustomersV3", "dataAreaId eq 'usmf' and startswith(CustomerAccount,'US-00')", "startswith", 26));
        assertEquals("CustomerAccount ne '*''s'", refused("CustomersV3", "not endswith(CustomerAccount,'''s')", "endswith", 5));
        assertEquals("OrganizationName eq 'text'", refused("CustomersV3", "tolower(OrganizationName) eq 'x'", "tolower", 1));
        assertEquals("CustomerAccount eq 'text'", refused("CustomersV3", "length(CustomerAccount) gt 3", "length", 1));
        assertEquals("(CustomerGroupId eq '10' or CustomerGroupId eq '20')",
                refused("CustomersV3", "CustomerGroupId in ('10','20')", "in", 17));
        assertEquals("IsExternallyMaintained eq " + NO_YES + "'Yes'",
                refused("CustomersV3", "IsExternallyMaintained has " + NO_YES + "'Yes'", "has", 24));
    }

    @Test
    void enumsAreComparedWithEqOrNeAndTypedLiteralsFromTheMetadata() throws Exception {
        assertEquals("IsExternallyMaintained eq " + NO_YES + "'Yes'",
                refused("CustomersV3", "IsExternallyMaintained eq 'Yes'", "'Yes'", 27));
        assertEquals("IsExternallyMaintained ne " + NO_YES + "'Yes'",
                refused("CustomersV3", "IsExternallyMaintained ne 1", "1", 27), "a number names the member of that value");
        assertEquals("IsExternallyMaintained eq " + NO_YES + "'No'",
                refused("CustomersV3", "IsExternallyMaintained gt " + NO_YES + "'No'", "gt", 24));
        assertEquals("IsExternallyMaintained eq " + NO_YES + "'Yes'",
                refused("CustomersV3", "IsExternallyMaintained eq " + NO_YES + "'yes'", NO_YES + "'yes'", 27));
        assertEquals("IsExternallyMaintained eq " + NO_YES + "'No'",
                refused("CustomersV3", "IsExternallyMaintained eq " + NO_YES + "'Maybe'", NO_YES + "'Maybe'", 27));
        assertEquals("IsExternallyMaintained eq " + NO_YES + "'No'",
                refused("CustomersV3", "IsExternallyMaintained eq Microsoft.Dynamics.DataEntities.Gender'Unknown'",
                        "Microsoft.Dynamics.DataEntities.Gender'Unknown'", 27));
        assertEquals("CustomerAccount eq 'Yes'", refused("CustomersV3", "CustomerAccount eq " + NO_YES + "'Yes'",
                NO_YES + "'Yes'", 20));
        String processing = "Microsoft.Dynamics.DataEntities.SalesOrderProcessingStatus";
        ConfigurationException draft = assertThrows(ConfigurationException.class, () -> c.validateFilter(
                "CDSSalesOrderHeaders", "SalesOrderProcessingStatus ne 'Draft'"));
        assertTrue(draft.getMessage().contains("write SalesOrderProcessingStatus ne " + processing + "'Active' (members: Active,"
                + " Confirmed, Picked"), draft.getMessage());

        for (String ok : List.of("IsExternallyMaintained eq " + NO_YES + "'Yes'", "IsExternallyMaintained ne null",
                NO_YES + "'No' eq IsExternallyMaintained", "(CustomerAccount eq 'US-0*') and not (OnHoldStatus eq "
                        + "Microsoft.Dynamics.DataEntities.CustVendorBlocked'All')", "dataAreaId eq 'demf'")) {
            c.validateFilter("CustomersV3", ok);
            assertEquals(200, served("CustomersV3", ok), ok);
        }
        List<EntityRecord> external = read("CustomersV3", "IsExternallyMaintained eq " + NO_YES + "'Yes'");
        assertFalse(external.isEmpty());
        external.forEach(r -> assertEquals("Yes", r.get("IsExternallyMaintained").asText()));
    }

    @Test
    void entitiesWithoutAModifiedDateTimeReadFullyEveryTime() {
        assertEquals(ChangeTracking.WATERMARK, c.changeTracking("CustomersV3"));
        assertEquals(ChangeTracking.WATERMARK, c.changeTracking("CDSSalesOrderHeaders"));
        assertEquals(ChangeTracking.NONE, c.changeTracking("SellableReleasedProducts"));
        assertEquals(ChangeTracking.NONE, c.changeTracking("CDSSalesOrderLines"));
        assertThrows(ConfigurationException.class, () -> c.changeTracking("NoSuchEntities"));

        String[] cp = new String[1];
        List<EntityRecord> full = OperationsConnectorSandboxTest.readAll(c,
                new ReadRequest("SellableReleasedProducts", List.of("ProductName"), null, null, null, 1000), cp);
        assertNull(cp[0], "no checkpoint: the engine compares hashes");
        assertTrue(full.size() > 10, "more than one page");
        // a checkpoint handed in anyway (from a run before the entity lost its field) must not become a filter the
        // service refuses (ModifiedDateTime is not a property here), nor narrow the read
        List<EntityRecord> again = OperationsConnectorSandboxTest.readAll(c, new ReadRequest("SellableReleasedProducts",
                List.of("ProductName"), null, "2020-01-01T00:00:00Z", null, 1000), cp);
        assertEquals(full.size(), again.size());
        assertNull(cp[0]);
        assertTrue(again.stream().allMatch(r -> r.modifiedOn() == null));
    }

    @Test
    void nextLinksKeepCrossCompanyAcrossPages() throws Exception {
        long total = Long.parseLong(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        sandbox.operationsDataUrl() + "CustomersV3/$count?cross-company=true"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body());
        List<EntityRecord> all = read("CustomersV3", null);
        assertEquals(total, all.size(), "every page read across companies, the service's page size being 10");
        assertEquals(total, all.stream().map(r -> r.organization() + "/" + r.key()).distinct().count());
        Set<String> companies = all.stream().map(r -> r.organization().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        assertEquals(Set.of("usmf", "demf"), companies);
        // demf sorts first, so without cross-company on page two onwards the demf customers past page one would be lost
        assertTrue(all.stream().filter(r -> r.organization().equalsIgnoreCase("demf")).count() > 10);

        assertEquals(URI.create("https://fo.example/data/CustomersV3?$skiptoken=a%20b&cross-company=true"),
                FinOpsClient.crossCompany(URI.create("https://fo.example/data/CustomersV3?$skiptoken=a%20b")));
        assertEquals(URI.create("https://fo.example/data/CustomersV3?$top=5&cross-company=true"),
                FinOpsClient.crossCompany(URI.create("https://fo.example/data/CustomersV3?cross-company=false&$top=5")));
        URI kept = URI.create("https://fo.example/data/CustomersV3?cross-company=true&$skiptoken=x");
        assertEquals(kept, FinOpsClient.crossCompany(kept));
    }
}
