package org.ferry.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The admin REST API as a client sees it: a bearer token, JSON in and out, nothing else. */
final class AdminClient {
    static final ObjectMapper JSON = new ObjectMapper();

    private final String api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile String token;

    AdminClient(String api) {
        this.api = api;
    }

    /** Signs in; tests call it again after every restart rather than rely on a token outliving its process. */
    AdminClient login() {
        HttpResponse<String> r = send("POST", "/auth/token", Map.of("username", "admin", "password", ServerProcess.ADMIN_PASSWORD), false);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login answered " + r.statusCode() + ": " + r.body());
        }
        token = parse(r).path("token").asText();
        return this;
    }

    /** @return a client of another node of the same cluster, with this client's token (valid on every node) */
    AdminClient on(String otherApi) {
        AdminClient other = new AdminClient(otherApi);
        other.token = token;
        return other;
    }

    /** Sends a file as the body ({@code POST /plugins?file=…} with {@code application/java-archive}). */
    HttpResponse<String> upload(String path, byte[] content) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/java-archive")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    HttpResponse<String> delete(String path) {
        return send("DELETE", path, null, true);
    }

    HttpResponse<String> put(String path, Object body) {
        return send("PUT", path, body, true);
    }

    HttpResponse<String> post(String path, Object body) {
        return send("POST", path, body, true);
    }

    /** @return the created or answered JSON, failing on anything but the expected status */
    JsonNode postExpect(String path, Object body, int status) {
        HttpResponse<String> r = post(path, body);
        if (r.statusCode() != status) {
            throw new IllegalStateException("POST " + path + " answered " + r.statusCode() + ", not " + status + ": " + r.body());
        }
        return parse(r);
    }

    JsonNode get(String path) {
        HttpResponse<String> r = send("GET", path, null, true);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return parse(r);
    }

    private HttpResponse<String> send(String method, String path, Object body, boolean auth) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(60))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            if (auth) {
                b.header("Authorization", "Bearer " + token);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static JsonNode parse(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + r.body(), e);
        }
    }
}
