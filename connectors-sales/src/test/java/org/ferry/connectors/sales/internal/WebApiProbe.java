package org.ferry.connectors.sales.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.ferry.connectors.common.odata.Json;
import org.ferry.testing.SandboxServer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Looks at and changes the sandbox's Web API directly over HTTP, beside the connector, so tests check what
 * Dataverse holds rather than what the connector reads back, and can delete a record behind its back.
 */
final class WebApiProbe {
    private final SandboxServer sandbox;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String token;

    WebApiProbe(SandboxServer sandbox) {
        this.sandbox = sandbox;
        this.token = sandbox.accessToken(sandbox.salesUrl() + "/.default");
    }

    /** @return the record's columns, or {@code null} when the Web API answers 404 */
    JsonNode get(String entitySet, String id) {
        HttpResponse<byte[]> r = send("GET", sandbox.salesApiUrl() + entitySet + "(" + id + ")");
        if (r.statusCode() == 404) {
            return null;
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + entitySet + "(" + id + ") answered " + r.statusCode());
        }
        return Json.parse(r.body(), "the record");
    }

    /** Deletes the record as a Dataverse user would; it must exist. */
    void delete(String entitySet, String id) {
        int status = send("DELETE", sandbox.salesApiUrl() + entitySet + "(" + id + ")").statusCode();
        if (status != 204) {
            throw new IllegalStateException("DELETE " + entitySet + "(" + id + ") answered " + status);
        }
    }

    private HttpResponse<byte[]> send(String method, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody())
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                    .header("OData-MaxVersion", "4.0").header("OData-Version", "4.0").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
