package org.ferry.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.ferry.testing.SandboxServer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The two remote systems read and changed through their own HTTP APIs, the way the checker of a fault
 * test must see them: Sales accounts (the source of truth) and F&amp;O customers (the final destination),
 * every row of every page, duplicates included if the service ever returned any.
 */
final class SandboxData {
    /** One row as the service returned it. */
    record Row(String key, String company, String name) {
    }

    private final SandboxServer sandbox;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    SandboxData(SandboxServer sandbox) {
        this.sandbox = sandbox;
    }

    /** Every Sales account with an account number: the key and name a run must carry to the destinations. */
    List<Row> salesAccounts() {
        String token = sandbox.accessToken(sandbox.salesUrl() + "/.default");
        return pages(sandbox.salesApiUrl() + "accounts?$select=accountnumber,name", token,
                Map.of("Prefer", "odata.maxpagesize=5000"), r -> r.path("accountnumber").isTextual()
                        ? new Row(r.path("accountnumber").asText(), null, r.path("name").asText()) : null);
    }

    /** Every F&amp;O customer in every company. */
    List<Row> operationsCustomers() {
        String token = sandbox.accessToken(sandbox.operationsUrl() + "/.default");
        return pages(sandbox.operationsDataUrl() + "CustomersV3?cross-company=true&$select=dataAreaId,CustomerAccount,OrganizationName",
                token, Map.of(), r -> new Row(r.path("CustomerAccount").asText(), r.path("dataAreaId").asText(),
                        r.path("OrganizationName").asText()));
    }

    /** Renames a Sales account through the Web API (PATCH by alternate key), as a user in Sales would. */
    void renameAccount(String accountNumber, String name) {
        String token = sandbox.accessToken(sandbox.salesUrl() + "/.default");
        URI uri = URI.create(sandbox.salesApiUrl() + "accounts(accountnumber='"
                + URLEncoder.encode(accountNumber, StandardCharsets.UTF_8) + "')");
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").header("If-Match", "*")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\": " + quote(name) + "}")).build());
        if (r.statusCode() != 204) {
            throw new IllegalStateException("renaming " + accountNumber + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    private interface RowReader {
        Row read(JsonNode row);
    }

    private List<Row> pages(String first, String token, Map<String, String> headers, RowReader reader) {
        List<Row> rows = new ArrayList<>();
        String next = first;
        while (next != null) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(next.replace(" ", "%20")))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(120));
            headers.forEach(b::header);
            HttpResponse<String> r = send(b.build());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + next + " answered " + r.statusCode() + ": " + r.body());
            }
            JsonNode page = AdminClient.parse(r);
            for (JsonNode row : page.path("value")) {
                Row read = reader.read(row);
                if (read != null) {
                    rows.add(read);
                }
            }
            next = page.path("@odata.nextLink").isTextual() ? page.path("@odata.nextLink").asText() : null;
        }
        return rows;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String quote(String s) {
        try {
            return AdminClient.JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
