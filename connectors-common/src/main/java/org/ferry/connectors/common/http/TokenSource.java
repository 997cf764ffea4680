package org.ferry.connectors.common.http;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.ConnectorException;
import org.ferry.api.error.FieldProblem;
import org.ferry.api.error.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * OAuth2 client-credentials tokens (Azure AD v2 shape), cached and renewed before they expire.
 *
 * <p>A token is renewed when a fifth of its life (at most five minutes) is left, so requests in flight
 * never carry one that expires on the way. Renewal is single-flight: concurrent callers wait for one
 * token request instead of each sending their own.
 */
public final class TokenSource {
    private static final Logger LOG = LoggerFactory.getLogger(TokenSource.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private final RetryPolicy retry;
    private final Clock clock;
    private final Duration requestTimeout;

    private volatile Token current;

    private record Token(String value, Instant renewAt) {
    }

    public TokenSource(HttpClient http, URI tokenUrl, String clientId, String clientSecret, String scope,
                       RetryPolicy retry, Duration requestTimeout, Clock clock) {
        this.http = http;
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
        this.retry = retry;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    /** @return a bearer token that is not about to expire */
    public String token() {
        Token t = current;
        if (t != null && clock.instant().isBefore(t.renewAt())) {
            return t.value();
        }
        synchronized (this) {
            t = current;
            if (t == null || !clock.instant().isBefore(t.renewAt())) {
                t = fetch();
                current = t;
            }
            return t.value();
        }
    }

    /** Forgets {@code rejected} (the server answered 401 to it), so the next {@link #token()} fetches a new one. */
    public synchronized void invalidate(String rejected) {
        Token t = current;
        if (t != null && t.value().equals(rejected)) {
            current = null;
        }
    }

    private Token fetch() {
        String form = "grant_type=client_credentials"
                + "&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8)
                + "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(tokenUrl)
                .timeout(requestTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            Duration wait;
            Duration retryAfter = null;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 200) {
                    return parse(response.body());
                }
                if (status != 429 && status < 500) {
                    throw refused(status, response.body());
                }
                retryAfter = RetryPolicy.parseRetryAfter(response.headers().firstValue("Retry-After").orElse(null),
                        clock).orElse(null);
                wait = retryAfter != null ? retryAfter : retry.backoff(attempt - 1);
                LOG.debug("token endpoint answered {}; retrying in {} ms", status, wait.toMillis());
            } catch (IOException e) {
                wait = retry.backoff(attempt - 1);
                LOG.debug("token endpoint unreachable ({}); retrying in {} ms", e.getClass().getSimpleName(),
                        wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RetriableException("interrupted while requesting an access token", e);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            if (attempt >= retry.maxAttempts() || elapsed.plus(wait).compareTo(retry.maxElapsed()) > 0) {
                throw new RetriableException("the token endpoint " + tokenUrl.getHost()
                        + " stayed unavailable after " + attempt + " attempts", retryAfter, null);
            }
            sleep(wait);
        }
    }

    private Token parse(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            String value = json.path("access_token").asText(null);
            if (value == null || value.isEmpty()) {
                throw new ConnectorException("the token endpoint answered without an access_token");
            }
            long expiresIn = json.path("expires_in").asLong(3600);
            long margin = Math.min(300, expiresIn / 5);
            return new Token(value, clock.instant().plusSeconds(Math.max(0, expiresIn - margin)));
        } catch (IOException e) {
            throw new ConnectorException("the token endpoint answered with something other than JSON");
        }
    }

    /**
     * Azure AD answers bad credentials with 400/401 {@code invalid_client}: that is the user's configuration,
     * shown against the fields at fault. The description is scrubbed in case a server echoes the request.
     */
    private RuntimeException refused(int status, String body) {
        String error = "";
        String description = "";
        try {
            JsonNode json = JSON.readTree(body);
            error = json.path("error").asText("");
            description = json.path("error_description").asText("");
        } catch (IOException | RuntimeException notJson) {
            // no detail to add; the status says enough
        }
        String detail = Secrets.abbreviate(Secrets.scrub(description.isEmpty() ? error : description,
                clientSecret), 300);
        String message = "the token endpoint refused the credentials (HTTP " + status
                + (detail == null || detail.isEmpty() ? "" : ": " + detail) + ")";
        if (error.equals("invalid_client") || error.equals("unauthorized_client") || status == 401) {
            return new ConfigurationException(List.of(new FieldProblem("clientSecret", message),
                    new FieldProblem("clientId", "check the client id and secret together")));
        }
        if (error.equals("invalid_scope")) {
            return new ConfigurationException("scope", message);
        }
        if (status == 404) {
            return new ConfigurationException("tokenUrl", "no token endpoint at this address (HTTP 404)");
        }
        return new ConnectorException(message);
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted while waiting to request an access token", e);
        }
    }
}
