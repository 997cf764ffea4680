package org.ferry.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** F&O number sequences over HTTP: a POST without its numbered key gets the legal entity's next number. */
class NumberSequenceTest {
    private static final String ORDER = "{\"dataAreaId\":\"%s\",\"CurrencyCode\":\"%s\","
            + "\"InvoiceCustomerAccountNumber\":\"%s\",\"OrderingCustomerAccountNumber\":\"%s\"}";
    private SandboxHttp http;

    @BeforeEach
    void start() throws Exception {
        http = new SandboxHttp(SandboxOptions.builder().clientSecret("s").customers(20).build());
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
    }

    private JsonNode created(String set, String body) throws Exception {
        HttpResponse<String> r = http.write("POST", http.operations + set, body);
        assertEquals(201, r.statusCode(), r.body());
        return http.json(r);
    }

    private String order(String company, String currency, String customer) throws Exception {
        return created("SalesOrderHeadersV2", String.format(ORDER, company, currency, customer, customer))
                .get("SalesOrderNumber").asText();
    }

    @Test
    void ordersAreNumberedPerLegalEntityAboveTheSample() throws Exception {
        // the sample's USMF orders run to SO-100012; DEMF has none
        assertEquals("SO-100013", order("usmf", "USD", "US-001"));
        assertEquals("DE-SO-000001", order("demf", "EUR", "DE-001"));
        assertEquals("SO-100014", order("USMF", "USD", "US-002"));
        assertEquals("DE-SO-000002", order("demf", "EUR", "DE-002"));
        JsonNode stored = http.json(http.get(http.operations
                + "SalesOrderHeadersV2(dataAreaId='demf',SalesOrderNumber='DE-SO-000002')"));
        assertEquals("DE-002", stored.get("OrderingCustomerAccountNumber").asText());
        // the CDS view of the same sales table draws from the same sequence
        JsonNode cds = created("CDSSalesOrderHeaders", String.format(ORDER, "usmf", "USD", "US-003", "US-003"));
        assertEquals("SO-100015", cds.get("SalesOrderNumber").asText());
    }

    @Test
    void customersAndQuotationsAreNumberedAndTheBodyCarriesTheNumber() throws Exception {
        String customer = "{\"dataAreaId\":\"%s\",\"OrganizationName\":\"Numbered\",\"CustomerGroupId\":\"10\","
                + "\"SalesCurrencyCode\":\"%s\"}";
        JsonNode us = created("CustomersV3", String.format(customer, "usmf", "USD"));
        assertEquals("US-031", us.get("CustomerAccount").asText(), "the sample's USMF customers run to US-030");
        assertEquals("usmf", us.get("dataAreaId").asText());
        assertEquals(200, http.get(http.operations + "CustomersV3(dataAreaId='usmf',CustomerAccount='US-031')").statusCode());
        assertEquals("DE-016", created("CustomersV3", String.format(customer, "demf", "EUR")).get("CustomerAccount").asText(),
                "DEMF's own customers run to DE-015 (its US-001..003 are of another format)");
        JsonNode quotation = created("CDSSalesQuotationHeaders",
                "{\"dataAreaId\":\"usmf\",\"RequestingCustomerAccountNumber\":\"US-031\",\"CurrencyCode\":\"USD\"}");
        assertEquals("QT-200006", quotation.get("SalesQuotationNumber").asText());
    }

    @Test
    void aDeletedNumberIsNeverGivenAgainAndAGivenKeyIsKept() throws Exception {
        String first = order("usmf", "USD", "US-001");
        assertEquals(204, http.write("DELETE", http.operations + "SalesOrderHeadersV2(dataAreaId='usmf',SalesOrderNumber='"
                + first + "')", null).statusCode());
        String second = order("usmf", "USD", "US-001");
        assertEquals(Long.parseLong(first.substring(3)) + 1, Long.parseLong(second.substring(3)));
        JsonNode own = created("SalesOrderHeadersV2", "{\"dataAreaId\":\"usmf\",\"SalesOrderNumber\":\"MY-1\","
                + "\"CurrencyCode\":\"USD\",\"OrderingCustomerAccountNumber\":\"US-001\"}");
        assertEquals("MY-1", own.get("SalesOrderNumber").asText());
        assertEquals(Long.parseLong(second.substring(3)) + 1, Long.parseLong(order("usmf", "USD", "US-001").substring(3)));
    }

    @Test
    void aMissingKeyWithoutASequenceIsRefusedNamingTheField() throws Exception {
        HttpResponse<String> r = http.write("POST", http.operations + "CustomerGroups",
                "{\"dataAreaId\":\"usmf\",\"Description\":\"No id\"}");
        assertEquals(400, r.statusCode(), r.body());
        JsonNode error = http.json(r).get("error");
        assertEquals("An error has occurred.", error.get("message").asText());
        assertTrue(error.get("innererror").get("message").asText().contains("'CustomerGroupId'"), error.toString());
        assertEquals("Microsoft.OData.ODataException", error.get("innererror").get("type").asText());
        JsonNode groups = http.json(http.get(http.operations + "CustomerGroups?$filter="
                + SandboxHttp.enc("Description eq 'No id'")));
        assertEquals(0, groups.get("value").size(), "nothing was written");

        HttpResponse<String> line = http.write("POST", http.operations + "CDSSalesOrderLines",
                "{\"dataAreaId\":\"usmf\",\"SalesOrderNumber\":\"SO-100001\",\"ProductNumber\":\"D0001\"}");
        assertEquals(400, line.statusCode(), line.body());
        assertTrue(line.body().contains("'LineCreationSequenceNumber'"), line.body());
        assertTrue(!line.body().contains("'SalesOrderNumber'"), "a line's order number is not generated, but it was given");
    }
}
