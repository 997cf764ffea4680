package org.ferry.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A small client of Ferry's admin API, as any admin's script would be: a bearer token from
 * {@code POST /api/auth/token}, JSON in and out, problem bodies turned into readable errors.
 */
final class AdminClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private String token;

    AdminClient(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    void login(String username, String password) {
        JsonNode answer = send("POST", "/api/auth/token", JSON.createObjectNode().put("username", username).put("password", password));
        token = answer.path("token").asText();
    }

    JsonNode get(String path) {
        return send("GET", path, null);
    }

    JsonNode post(String path, Object body) {
        return send("POST", path, body);
    }

    JsonNode put(String path, Object body) {
        return send("PUT", path, body);
    }

    /** @return every item of a paged list, following {@code next} */
    List<JsonNode> list(String path) {
        List<JsonNode> items = new ArrayList<>();
        String next = path + (path.contains("?") ? "&" : "?") + "limit=500";
        while (next != null && !next.isEmpty()) {
            JsonNode page = get(next);
            page.path("items").forEach(items::add);
            next = page.path("next").isTextual() ? page.path("next").asText() : null;
        }
        return items;
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private JsonNode send(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                    .header("Accept", "application/json");
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            if (response.statusCode() >= 400) {
                throw new DemoException(method + " " + path + " answered " + response.statusCode() + ": "
                        + json.path("detail").asText(response.body()) + problems(json));
            }
            return json;
        } catch (IOException e) {
            throw new DemoException(method + " " + path + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoException("interrupted");
        }
    }

    private static String problems(JsonNode problem) {
        StringBuilder text = new StringBuilder();
        for (JsonNode e : problem.path("errors")) {
            text.append("\n  ").append(e.path("field").asText("")).append(": ").append(e.path("message").asText());
        }
        return text.toString();
    }

    /** A step of the demo that could not be done, said in the API's own words. */
    static final class DemoException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DemoException(String message) {
            super(message);
        }
    }
}
