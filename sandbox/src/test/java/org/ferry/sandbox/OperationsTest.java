package org.ferry.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OperationsTest {
    static SandboxHttp http;

    @BeforeAll
    static void start() throws Exception {
        http = new SandboxHttp(SandboxOptions.builder().clientSecret("s").operationsPageSize(10).customers(100).build());
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
    }

    /** Reads every page, adding {@code cross-company=true} back to each next link when the first request had it. */
    private static Set<String> readAll(String url) throws Exception {
        return readAll(url, url.contains("cross-company=true"));
    }

    private static Set<String> readAll(String first, boolean keepCrossCompany) throws Exception {
        Set<String> keys = new HashSet<>();
        String url = first;
        while (url != null) {
            HttpResponse<String> r = http.get(url);
            assertEquals(200, r.statusCode(), r.body());
            JsonNode body = http.json(r);
            assertTrue(body.get("value").size() <= 10);
            for (JsonNode c : body.get("value")) {
                assertTrue(keys.add(c.get("dataAreaId").asText() + "/" + c.get("CustomerAccount").asText()));
                assertTrue(c.get("@odata.etag").asText().startsWith("W/\""));
            }
            url = body.has("@odata.nextLink") ? body.get("@odata.nextLink").asText() : null;
            if (url != null && keepCrossCompany && !url.contains("cross-company=")) {
                url += "&cross-company=true";
            }
        }
        return keys;
    }

    /** @return the body of a 400 the OData layer gave, after checking its F&amp;O shape */
    private static String refused(String entitySet, String filter) throws Exception {
        HttpResponse<String> r = http.get(http.operations + entitySet + "?$filter=" + SandboxHttp.enc(filter));
        assertEquals(400, r.statusCode(), filter + " -> " + r.body());
        JsonNode error = http.json(r).get("error");
        assertEquals("Microsoft.OData.ODataException", error.get("innererror").get("type").asText(), r.body());
        return error.get("innererror").get("message").asText();
    }

    private static Set<String> accounts(String filter) throws Exception {
        Set<String> out = new HashSet<>();
        for (String k : readAll(http.operations + "CustomersV3?$filter=" + SandboxHttp.enc(filter))) {
            out.add(k.substring(k.indexOf('/') + 1));
        }
        return out;
    }

    @Test
    void defaultCompanyUnlessCrossCompany() throws Exception {
        Set<String> usmf = readAll(http.operations + "CustomersV3");
        // 30 native customers, 12 synchronized earlier from Sales (externally maintained), 50 generated
        assertEquals(30 + 12 + 50, usmf.size());
        assertTrue(usmf.stream().allMatch(k -> k.startsWith("usmf/")));
        Set<String> all = readAll(http.operations + "CustomersV3?cross-company=true");
        assertEquals(30 + 12 + 15 + 3 + 100, all.size());
        assertTrue(all.contains("demf/US-001") && all.contains("usmf/US-001"), "same id in two legal entities");
        Set<String> demf = readAll(http.operations + "CustomersV3?$filter=" + SandboxHttp.enc("dataAreaId eq 'demf'") + "&cross-company=true");
        assertEquals(15 + 3 + 50, demf.size());
    }

    @Test
    void nextLinksDoNotCarryCrossCompanyOver() throws Exception {
        JsonNode first = http.json(http.get(http.operations + "CustomersV3?cross-company=true"));
        String next = first.get("@odata.nextLink").asText();
        assertFalse(next.contains("cross-company"), next);
        assertTrue(first.get("value").get(0).get("dataAreaId").asText().equals("demf"), "demf sorts first");
        // a client that follows the link as given reads only the default company after page one
        Set<String> forgetful = readAll(http.operations + "CustomersV3?cross-company=true", false);
        assertEquals(10 + 30 + 12 + 50, forgetful.size(), "page one of demf, then every usmf customer");
        assertEquals(10, forgetful.stream().filter(k -> k.startsWith("demf/")).count());
        assertEquals(30 + 12 + 15 + 3 + 100, readAll(http.operations + "CustomersV3?cross-company=true", true).size());
    }

    @Test
    void enumsCompareOnlyWithEqAndNeAsTypedLiterals() throws Exception {
        String yes = "Microsoft.Dynamics.DataEntities.NoYes'Yes'";
        Set<String> external = accounts("IsExternallyMaintained eq " + yes);
        Set<String> internal = accounts("IsExternallyMaintained ne " + yes);
        assertEquals(12, external.size(), "the customers synchronized earlier from Sales");
        assertEquals(30 + 50, internal.size());
        assertTrue(java.util.Collections.disjoint(external, internal));
        assertEquals(internal, accounts("IsExternallyMaintained eq Microsoft.Dynamics.DataEntities.NoYes'No'"));
        assertEquals(Set.of(), accounts("IsExternallyMaintained eq null"), "null is comparable with every type");

        assertTrue(refused("CustomersV3", "IsExternallyMaintained eq 'Yes'").contains(
                "incompatible types was detected. Found operand types 'Microsoft.Dynamics.DataEntities.NoYes' and"
                        + " 'Edm.String' for operator kind 'Equal'"));
        assertTrue(refused("CustomersV3", "IsExternallyMaintained ne 1").contains("'Edm.Int32' for operator kind 'NotEqual'"));
        assertTrue(refused("CustomersV3", "IsExternallyMaintained gt Microsoft.Dynamics.DataEntities.NoYes'No'")
                .contains("Only 'eq' and 'ne' are supported"));
        assertTrue(refused("CustomersV3", "OnHoldStatus le Microsoft.Dynamics.DataEntities.CustVendorBlocked'All'")
                .contains("The operator 'le' is not supported for the enum type"));
        assertTrue(refused("CustomersV3", "IsExternallyMaintained eq Microsoft.Dynamics.DataEntities.NoYes'Maybe'")
                .contains("'Maybe' is not a valid enumerated type constant"));
        assertTrue(refused("CustomersV3", "IsExternallyMaintained eq Microsoft.Dynamics.DataEntities.Gender'Unknown'")
                .contains("'Microsoft.Dynamics.DataEntities.NoYes' and 'Microsoft.Dynamics.DataEntities.Gender'"));
        assertTrue(refused("CustomersV3", "CustomerAccount eq " + yes)
                .contains("'Edm.String' and 'Microsoft.Dynamics.DataEntities.NoYes'"));
        refused("CDSSalesOrderHeaders", "SalesOrderProcessingStatus ne 'Draft'");
        JsonNode confirmed = http.json(http.get(http.operations + "CDSSalesOrderHeaders?$filter=" + SandboxHttp.enc(
                "SalesOrderProcessingStatus eq Microsoft.Dynamics.DataEntities.SalesOrderProcessingStatus'Confirmed'")));
        assertTrue(confirmed.get("value").size() > 0);
        confirmed.get("value").forEach(o -> assertEquals("Confirmed", o.get("SalesOrderProcessingStatus").asText()));
    }

    @Test
    void noStringFunctionsContainsIsTheWildcard() throws Exception {
        for (String f : new String[] {"contains(OrganizationName,'retail')", "startswith(CustomerAccount,'US-')",
                "endswith(CustomerAccount,'01')", "tolower(OrganizationName) eq 'x'", "length(CustomerAccount) eq 6"}) {
            String message = refused("CustomersV3", f);
            assertTrue(message.startsWith("An unknown function with name '" + f.substring(0, f.indexOf('(')) + "' was found"),
                    message);
        }
        assertTrue(refused("CustomersV3", "CustomerGroupId in ('10','20')").contains("'in' is not supported"));
        assertTrue(refused("CustomersV3", "IsExternallyMaintained has Microsoft.Dynamics.DataEntities.NoYes'Yes'")
                .contains("'has' is not supported"));

        Set<String> prefix = accounts("CustomerAccount eq 'US-00*'");
        assertEquals(Set.of("US-001", "US-002", "US-003", "US-004", "US-005", "US-006", "US-007", "US-008", "US-009"), prefix);
        Set<String> suffix = accounts("CustomerAccount eq '*-010'");
        assertEquals(Set.of("US-010"), suffix);
        Set<String> inside = accounts("CustomerAccount eq '*S-01*'");
        assertEquals(10, inside.size(), "US-010 to US-019: " + inside);
        assertFalse(accounts("CustomerAccount ne 'US-00*'").contains("US-001"));
    }

    @Test
    void someEntitiesHaveNoModifiedDateTime() throws Exception {
        String csdl = http.get(http.operations + "$metadata").body();
        String sellable = csdl.substring(csdl.indexOf("<EntityType Name=\"SellableReleasedProduct\">"));
        sellable = sellable.substring(0, sellable.indexOf("</EntityType>"));
        assertFalse(sellable.contains("ModifiedDateTime"), sellable);
        assertTrue(csdl.contains("<Property Name=\"ModifiedDateTime\" Type=\"Edm.DateTimeOffset\"/>"));
        String message = refused("SellableReleasedProducts", "ModifiedDateTime ge 2020-01-01T00:00:00Z");
        assertTrue(message.contains("Could not find a property named 'ModifiedDateTime'"), message);
    }

    @Test
    void wildcardEmulatesContainsAndCountWorks() throws Exception {
        JsonNode r = http.json(http.get(http.operations + "CustomersV3?$filter=" + SandboxHttp.enc("OrganizationName eq '*retail*'")
                + "&$count=true&$select=CustomerAccount,OrganizationName"));
        assertTrue(r.get("@odata.count").asInt() > 0);
        for (JsonNode c : r.get("value")) {
            assertTrue(c.get("OrganizationName").asText().toLowerCase().contains("retail"));
            assertEquals(3, c.size(), "etag plus the two selected fields");
        }
        HttpResponse<String> in = http.get(http.operations + "CustomersV3?$filter=" + SandboxHttp.enc("CustomerGroupId in ('10')"));
        assertEquals(400, in.statusCode());
        JsonNode e = http.json(http.get(http.operations + "CustomersV3?$filter="
                + SandboxHttp.enc("IsExternallyMaintained eq Microsoft.Dynamics.DataEntities.NoYes'No'") + "&$top=2"));
        assertEquals(2, e.get("value").size());
    }

    @Test
    void compositeKeysAddressSingleRows() throws Exception {
        HttpResponse<String> r = http.get(http.operations + "CustomersV3(dataAreaId='demf',CustomerAccount='US-001')");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(http.json(r).get("OrganizationName").asText().contains("Deutschland"));
        assertEquals(400, http.get(http.operations + "CustomersV3(CustomerAccount='US-001')").statusCode(), "all key fields needed");
        assertEquals(404, http.get(http.operations + "CustomersV3(dataAreaId='usmf',CustomerAccount='NOPE')").statusCode());
        HttpResponse<String> line = http.get(http.operations
                + "CDSSalesOrderLines(dataAreaId='usmf',SalesOrderNumber='SO-100001',LineCreationSequenceNumber=2)");
        assertEquals(200, line.statusCode(), line.body());
    }

    @Test
    void createUpdateDeleteAndTheInnerErrorBody() throws Exception {
        String body = "{\"dataAreaId\":\"usmf\",\"CustomerAccount\":\"T-100\",\"OrganizationName\":\"Test\","
                + "\"CustomerGroupId\":\"10\",\"SalesCurrencyCode\":\"USD\",\"IsExternallyMaintained\":\"Yes\"}";
        HttpResponse<String> created = http.write("POST", http.operations + "CustomersV3", body);
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("T-100", http.json(created).get("CustomerAccount").asText());
        assertTrue(http.json(created).has("ModifiedDateTime"));

        HttpResponse<String> duplicate = http.write("POST", http.operations + "CustomersV3", body);
        assertEquals(500, duplicate.statusCode());
        JsonNode error = http.json(duplicate).get("error");
        assertEquals("", error.get("code").asText());
        assertEquals("An error has occurred.", error.get("message").asText());
        assertEquals("Microsoft.Dynamics.Platform.Integration.Services.OData.AxODataWriteException",
                error.get("innererror").get("type").asText());
        assertTrue(error.get("innererror").get("message").asText().startsWith(
                "Write failed for table row of type 'CustCustomerV3Entity'. Infolog: "), error.toString());
        assertTrue(error.get("innererror").get("message").asText().contains("The record already exists"));
        assertEquals("", error.get("innererror").get("stacktrace").asText());

        HttpResponse<String> missing = http.write("POST", http.operations + "CustomersV3",
                "{\"dataAreaId\":\"usmf\",\"CustomerAccount\":\"T-101\",\"OrganizationName\":\"No group\"}");
        assertEquals(500, missing.statusCode());
        String infolog = http.json(missing).get("error").get("innererror").get("message").asText();
        assertTrue(infolog.contains("Field 'CustomerGroupId' must be filled in."), infolog);
        assertTrue(infolog.contains("Field 'SalesCurrencyCode' must be filled in."), infolog);

        HttpResponse<String> country = http.write("POST", http.operations + "CustomersV3",
                "{\"CustomerAccount\":\"T-102\",\"CustomerGroupId\":\"10\",\"SalesCurrencyCode\":\"USD\",\"AddressCountryRegionId\":\"ATL\"}");
        assertEquals(500, country.statusCode());
        assertTrue(country.body().contains("is not found in the relating table"), country.body());

        String key = http.operations + "CustomersV3(dataAreaId='usmf',CustomerAccount='T-100')";
        assertEquals(204, http.write("PATCH", key, "{\"OrganizationName\":\"Patched\"}").statusCode());
        assertEquals(204, http.write("PUT", key, "{\"CreditLimit\":1000.50}").statusCode());
        assertEquals(204, http.write("PATCH", key, "{\"CreditLimit\":1000.50,\"SalesMemo\":\"x\"}").statusCode());
        JsonNode row = http.json(http.get(key));
        assertEquals("Patched", row.get("OrganizationName").asText());
        assertEquals("1000.5", row.get("CreditLimit").asText());
        assertTrue(http.get(key).body().contains("\"CreditLimit\":1000.5,"), "plain decimals, never 1E+3 notation");
        assertEquals(204, http.write("DELETE", key, null).statusCode());
        assertEquals(404, http.write("DELETE", key, null).statusCode());
        assertEquals(404, http.write("PATCH", key, "{\"OrganizationName\":\"x\"}").statusCode());
    }

    @Test
    void aNewCustomerGroupServesItsOwnCompanyOnly() throws Exception {
        HttpResponse<String> group = http.write("POST", http.operations + "CustomerGroups",
                "{\"dataAreaId\":\"demf\",\"CustomerGroupId\":\"NEW\",\"Description\":\"New group\"}");
        assertEquals(201, group.statusCode(), group.body());
        String customer = "{\"dataAreaId\":\"%s\",\"CustomerAccount\":\"T-NEWGROUP\",\"CustomerGroupId\":\"NEW\","
                + "\"SalesCurrencyCode\":\"EUR\"}";
        HttpResponse<String> elsewhere = http.write("POST", http.operations + "CustomersV3", String.format(customer, "usmf"));
        assertEquals(500, elsewhere.statusCode(), elsewhere.body());
        assertTrue(elsewhere.body().contains("The value 'NEW' in field 'Customer group' is not found"), elsewhere.body());
        assertEquals(201, http.write("POST", http.operations + "CustomersV3", String.format(customer, "demf")).statusCode());
        assertEquals(204, http.write("DELETE", http.operations + "CustomersV3(dataAreaId='demf',CustomerAccount='T-NEWGROUP')",
                null).statusCode());
        HttpResponse<String> legalEntity = http.write("POST", http.operations + "LegalEntities",
                "{\"LegalEntityId\":\"FRMF\",\"Name\":\"Contoso France\"}");
        assertEquals(201, legalEntity.statusCode(), "entities without customer groups are not checked for one: "
                + legalEntity.body());
        assertEquals(204, http.write("DELETE", http.operations + "LegalEntities('FRMF')", null).statusCode());
    }

    @Test
    void numberSequenceAssignsOrderNumbers() throws Exception {
        HttpResponse<String> r = http.write("POST", http.operations + "SalesOrderHeadersV2",
                "{\"dataAreaId\":\"usmf\",\"CurrencyCode\":\"USD\",\"InvoiceCustomerAccountNumber\":\"US-001\",\"OrderingCustomerAccountNumber\":\"US-001\"}");
        assertEquals(201, r.statusCode(), r.body());
        assertTrue(http.json(r).get("SalesOrderNumber").asText().startsWith("SO-"));
    }

    @Test
    void batchReportsEveryPartWith200() throws Exception {
        String body = "--b\r\nContent-Type: multipart/mixed; boundary=cs\r\n\r\n"
                + "--cs\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 1\r\n\r\n"
                + "POST /data/CustomerGroups HTTP/1.1\r\nContent-Type: application/json\r\n\r\n"
                + "{\"@odata.type\":\"#Microsoft.Dynamics.DataEntities.CustomerGroup\",\"CustomerGroupId\":\"10\",\"dataAreaId\":\"usmf\",\"Description\":\"dup\"}\r\n"
                + "--cs--\r\n"
                + "--b\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
                + "GET /data/LegalEntities HTTP/1.1\r\n\r\n\r\n--b--\r\n";
        HttpResponse<String> r = http.send(http.request(http.operations + "$batch")
                .header("Content-Type", "multipart/mixed; boundary=b").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("HTTP/1.1 500 Internal Server Error"), r.body());
        assertTrue(r.body().contains("Cannot create a record in CustomerGroups"), r.body());
        assertTrue(r.body().contains("\"LegalEntityId\":\"USMF\""), r.body());
    }

    @Test
    void metadataHasCompositeKeysAndEnums() throws Exception {
        String csdl = http.get(http.operations + "$metadata").body();
        assertTrue(csdl.contains("<EntityType Name=\"CustomerV3\">\n        <Key><PropertyRef Name=\"dataAreaId\"/><PropertyRef Name=\"CustomerAccount\"/></Key>"));
        assertTrue(csdl.contains("<Property Name=\"CustomerGroupId\" Type=\"Edm.String\" Nullable=\"false\" MaxLength=\"10\"/>"));
        assertTrue(csdl.contains("<EnumType Name=\"NoYes\">"));
        assertTrue(csdl.contains("Type=\"Microsoft.Dynamics.DataEntities.NoYes\""));
        assertTrue(csdl.contains("<EnumType Name=\"SalesOrderProcessingStatus\">"));
        assertTrue(csdl.contains("<Property Name=\"SalesOrderProcessingStatus\" Type=\"Microsoft.Dynamics.DataEntities.SalesOrderProcessingStatus\"/>"));
        assertTrue(csdl.contains("<Property Name=\"IsExternallyMaintained\" Type=\"Microsoft.Dynamics.DataEntities.NoYes\"/>"));
        assertTrue(csdl.contains("<EntitySet Name=\"CustomersV3\" EntityType=\"Microsoft.Dynamics.DataEntities.CustomerV3\">"));
    }
}
