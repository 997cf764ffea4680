package org.ferry.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A small client of the admin API (DESIGN §4): JSON in and out, a bearer token once logged in. */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: status, body text and the Location header. */
    record Answer(int status, String body, String location) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private volatile String token;

    ApiClient(String base) {
        this.base = base;
    }

    String token() {
        return token;
    }

    /** Logs in as admin; @return false when the API has no token endpoint (the auth work not merged yet). */
    boolean login(String password) throws IOException, InterruptedException {
        Answer a = post("/api/auth/token", Map.of("username", "admin", "password", password));
        if (a.status() == 404) {
            return false;
        }
        if (a.status() != 200) {
            throw new IOException("login answered " + a.status() + ": " + a.body());
        }
        token = a.json().get("token").asText();
        return true;
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    Answer post(String path, Object body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), r.headers().firstValue("Location").orElse(null));
    }

    /** @return whether GET answers 200 within the timeout, polling every 20 ms */
    boolean awaitOk(String path, String mustContain, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Answer a = get(path);
                if (a.status() == 200 && (mustContain == null || a.body().contains(mustContain))) {
                    return true;
                }
            } catch (IOException notYet) {
                // the port is not open yet
            }
            Thread.sleep(20);
        }
        return false;
    }
}
