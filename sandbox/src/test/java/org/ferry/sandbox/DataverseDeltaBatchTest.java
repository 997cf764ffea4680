package org.ferry.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DataverseDeltaBatchTest {
    static SandboxHttp http;

    @BeforeAll
    static void start() throws Exception {
        http = SandboxHttp.start();
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
    }

    /** Follows nextLinks; returns all rows and the final deltaLink. */
    private static String readAll(String url, List<JsonNode> rows) throws Exception {
        while (true) {
            HttpResponse<String> r = http.get(url, "Prefer", "odata.track-changes,odata.maxpagesize=7");
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("Preference-Applied").orElse("").contains("odata.track-changes"));
            JsonNode body = http.json(r);
            body.get("value").forEach(rows::add);
            if (body.has("@odata.nextLink")) {
                url = body.get("@odata.nextLink").asText();
            } else {
                return body.get("@odata.deltaLink").asText();
            }
        }
    }

    @Test
    void deltaReturnsExactlyTheChangesThenTheDeletes() throws Exception {
        List<JsonNode> initial = new ArrayList<>();
        String delta = readAll(http.sales + "products?$select=name,productnumber", initial);
        assertTrue(delta.contains("$deltatoken="), delta);
        assertEquals(20, initial.size());

        String changed = initial.get(3).get("productid").asText();
        String deleted = initial.get(5).get("productid").asText();
        assertEquals(204, http.write("PATCH", http.sales + "products(" + changed + ")", "{\"name\":\"Renamed\"}").statusCode());
        assertEquals(204, http.write("DELETE", http.sales + "products(" + deleted + ")", null).statusCode());
        HttpResponse<String> created = http.write("POST", http.sales + "products", "{\"name\":\"New\",\"productnumber\":\"NEW-1\"}");
        // created and deleted inside the window: reported as deleted
        String transientId = http.write("POST", http.sales + "products", "{\"name\":\"Brief\",\"productnumber\":\"NEW-2\"}")
                .headers().firstValue("OData-EntityId").orElseThrow();
        http.write("DELETE", transientId, null);

        String token = delta.substring(delta.indexOf("$deltatoken=") + 12);
        assertEquals("4", http.get(http.sales + "products/$count?$deltatoken=" + token).body(), "2 changed, 2 deleted");
        List<JsonNode> changes = new ArrayList<>();
        String next = readAll(delta, changes);
        assertNotNull(created.headers().firstValue("OData-EntityId").orElse(null));
        Set<String> upserted = new HashSet<>();
        Set<String> removed = new HashSet<>();
        boolean seenDelete = false;
        for (JsonNode c : changes) {
            if (c.has("reason")) {
                seenDelete = true;
                assertEquals("deleted", c.get("reason").asText());
                assertTrue(c.get("@odata.context").asText().endsWith("$metadata#products/$deletedEntity"));
                removed.add(c.get("id").asText());
            } else {
                assertFalse(seenDelete, "changed rows come before deleted rows");
                upserted.add(c.get("productid").asText());
            }
        }
        assertEquals(2, upserted.size());
        assertTrue(upserted.contains(changed));
        assertEquals(Set.of(deleted, transientId.replaceAll(".*\\(|\\)", "")), removed);

        List<JsonNode> none = new ArrayList<>();
        readAll(next, none);
        assertEquals(0, none.size(), "nothing changed since the last delta");
    }

    @Test
    void trackChangesRefusesFilterOrderbyTop() throws Exception {
        for (String option : List.of("$filter=name%20eq%20'x'", "$orderby=name", "$top=2")) {
            HttpResponse<String> r = http.get(http.sales + "accounts?" + option, "Prefer", "odata.track-changes");
            assertEquals(400, r.statusCode());
            String name = option.substring(0, option.indexOf('='));
            assertEquals("The \"" + name + "\" query parameter isn't supported when Change Tracking is enabled.",
                    http.json(r).get("error").get("message").asText());
        }
    }

    static String batch(String boundary, String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            sb.append("--").append(boundary).append("\r\n").append(p);
        }
        return sb.append("--").append(boundary).append("--\r\n").toString();
    }

    static String request(String method, String url, String contentId, String body) {
        return "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n"
                + (contentId == null ? "" : "Content-ID: " + contentId + "\r\n") + "\r\n"
                + method + " " + url + " HTTP/1.1\r\nContent-Type: application/json; type=entry\r\n\r\n"
                + (body == null ? "" : body) + "\r\n";
    }

    private static String changeSet(String boundary, String... parts) {
        return "Content-Type: multipart/mixed; boundary=" + boundary + "\r\n\r\n" + batch(boundary, parts);
    }

    private HttpResponse<String> postBatch(String body, String... headers) throws Exception {
        HttpRequest.Builder b = http.request(http.sales + "$batch")
                .header("Content-Type", "multipart/mixed; boundary=\"batch_1\"")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build());
    }

    @Test
    void changeSetIsAtomicAndContentIdsResolve() throws Exception {
        String body = batch("batch_1",
                changeSet("changeset_a",
                        request("POST", "/api/data/v9.2/accounts", "1", "{\"name\":\"Batch parent\",\"accountnumber\":\"ACC-B-1\"}"),
                        request("POST", "/api/data/v9.2/contacts", "2", "{\"lastname\":\"Batch child\",\"parentcustomerid_account@odata.bind\":\"$1\"}")),
                request("GET", "/api/data/v9.2/accounts(accountnumber='ACC-B-1')?$select=name", null, null));
        HttpResponse<String> r = postBatch(body);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("multipart/mixed; boundary=batchresponse_"));
        assertTrue(r.body().contains("changesetresponse_"));
        assertEquals(2, r.body().split("HTTP/1.1 204 No Content").length - 1, r.body());
        assertTrue(r.body().contains("\"name\":\"Batch parent\""));

        String failing = batch("batch_1", changeSet("changeset_b",
                request("POST", "/api/data/v9.2/accounts", "1", "{\"name\":\"Rolled back\",\"accountnumber\":\"ACC-B-2\"}"),
                request("POST", "/api/data/v9.2/accounts", "2", "{\"name\":\"" + "n".repeat(161) + "\"}")));
        HttpResponse<String> f = postBatch(failing, "Prefer", "odata.continue-on-error");
        assertEquals(200, f.statusCode());
        assertTrue(f.body().contains("HTTP/1.1 400 Bad Request"), f.body());
        assertTrue(f.body().contains("0x80044331"));
        assertEquals(404, http.get(http.sales + "accounts(accountnumber='ACC-B-2')").statusCode(), "change set rolled back");
    }

    @Test
    void withoutContinueOnErrorTheBatchStopsAtTheFirstFailure() throws Exception {
        String body = batch("batch_1",
                request("POST", "/api/data/v9.2/accounts", null, "{\"name\":\"first\",\"accountnumber\":\"ACC-S-1\"}"),
                request("PATCH", "/api/data/v9.2/accounts(accountnumber='ACC-S-404')", null, "{\"name\":\"x\"}")
                        .replace("Content-Type: application/json; type=entry", "Content-Type: application/json\r\nIf-Match: *"),
                request("POST", "/api/data/v9.2/accounts", null, "{\"name\":\"never\",\"accountnumber\":\"ACC-S-3\"}"));
        HttpResponse<String> r = postBatch(body);
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("HTTP/1.1 404 Not Found"), r.body());
        assertEquals(200, http.get(http.sales + "accounts(accountnumber='ACC-S-1')").statusCode());
        assertEquals(404, http.get(http.sales + "accounts(accountnumber='ACC-S-3')").statusCode());

        HttpResponse<String> c = postBatch(body.replace("ACC-S-1", "ACC-S-11").replace("ACC-S-3", "ACC-S-33"),
                "Prefer", "odata.continue-on-error");
        assertEquals(200, c.statusCode());
        assertEquals(200, http.get(http.sales + "accounts(accountnumber='ACC-S-33')").statusCode());
        assertEquals("odata.continue-on-error", c.headers().firstValue("Preference-Applied").orElse(null));
    }

    /** A part's own If-None-Match: * makes it create-only, whatever the batch request's If-None-Match: null says. */
    @Test
    void aBatchPartsIfNoneMatchMakesItsPatchCreateOnly() throws Exception {
        String id = "7c2a3f4e-5d6c-4b7a-8f9e-8d7c6b5a4f3e";
        String part = request("PATCH", "/api/data/v9.2/accounts(" + id + ")", null, "{\"name\":\"Batch chosen id\"}")
                .replace("Content-Type: application/json; type=entry", "Content-Type: application/json; type=entry\r\nIf-None-Match: *");
        HttpResponse<String> first = postBatch(batch("batch_1", part), "Prefer", "odata.continue-on-error",
                "If-None-Match", "null");
        assertEquals(200, first.statusCode(), first.body());
        assertTrue(first.body().contains("HTTP/1.1 204 No Content"), first.body());
        assertEquals("Batch chosen id", http.json(http.get(http.sales + "accounts(" + id + ")")).get("name").asText());

        HttpResponse<String> again = postBatch(batch("batch_1", part.replace("Batch chosen id", "Batch again")),
                "Prefer", "odata.continue-on-error", "If-None-Match", "null");
        assertEquals(200, again.statusCode(), again.body());
        assertTrue(again.body().contains("HTTP/1.1 412 Precondition Failed"), again.body());
        assertEquals("Batch chosen id", http.json(http.get(http.sales + "accounts(" + id + ")")).get("name").asText());
    }

    @Test
    void unknownContentIdReferenceIsAnError() throws Exception {
        String body = batch("batch_1", changeSet("cs",
                request("POST", "$9/contacts", "1", "{\"lastname\":\"x\"}")));
        HttpResponse<String> r = postBatch(body, "Prefer", "odata.continue-on-error");
        assertTrue(r.body().contains("Content-ID Reference: '$9' does not exist in the batch context."), r.body());
    }
}
