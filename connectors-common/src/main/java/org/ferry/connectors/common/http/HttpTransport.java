package org.ferry.connectors.common.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.ferry.api.error.ConnectorException;
import org.ferry.api.error.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends requests to one service for one connection: adds the bearer token, caps concurrency, honours
 * {@code Retry-After}, backs off, and classifies failures.
 *
 * <p>Retried: 429, 502, 503, 504, timeouts and broken connections on idempotent requests, and any request
 * whose connection could not even be opened. A 401 renews the token and retries once; a second 401 is
 * permanent. Every other status is returned to the caller, which knows what a 404 or 412 means for it.
 */
public final class HttpTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
    private static final Set<Integer> RETRYABLE = Set.of(429, 502, 503, 504);
    /** Added to every Retry-After: the header has whole-second resolution and the server's clock ticks too. */
    private static final Duration RETRY_AFTER_MARGIN = Duration.ofMillis(50);
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "host", "expect", "upgrade");

    private final HttpClient http;
    private final TokenSource tokens;
    private final RequestGate gate;
    private final RetryPolicy retry;
    private final Duration requestTimeout;
    private final Clock clock;
    private final Function<ApiResponse, String> errorMessages;

    /**
     * @param errorMessages extracts the server's error message from a response body, for exception texts
     */
    public HttpTransport(HttpClient http, TokenSource tokens, RequestGate gate, RetryPolicy retry,
                         Duration requestTimeout, Clock clock, Function<ApiResponse, String> errorMessages) {
        this.http = http;
        this.tokens = tokens;
        this.gate = gate;
        this.retry = retry;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
        this.errorMessages = errorMessages;
    }

    /** An HTTP/1.1 client that never follows redirects: a redirect must not carry our token elsewhere. */
    public static HttpClient newClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Sends {@code request} until it gets an answer that is not retryable.
     *
     * @return the final response, whatever its status other than 401
     * @throws RetriableException when the retry bounds are spent
     * @throws ConnectorException when authentication is refused after a token renewal
     * @throws AmbiguousWriteException when a non-idempotent request lost its connection after being sent
     */
    public ApiResponse send(ApiRequest request) {
        long started = System.nanoTime();
        boolean renewed = false;
        for (int attempt = 1; ; attempt++) {
            Duration wait;
            Duration retryAfter = null;
            String reason;
            String token = tokens.token();
            try {
                ApiResponse response = once(request, token);
                int status = response.status();
                if (status == 401) {
                    tokens.invalidate(token);
                    if (renewed) {
                        throw new ConnectorException("authentication refused by " + request.uri().getHost()
                                + " after a token renewal (HTTP 401" + detail(response) + ")");
                    }
                    renewed = true;
                    attempt--;
                    continue;
                }
                if (!RETRYABLE.contains(status)) {
                    return response;
                }
                retryAfter = RetryPolicy.parseRetryAfter(response.header("Retry-After").orElse(null), clock)
                        .orElse(null);
                if (retryAfter != null) {
                    wait = retryAfter.plus(RETRY_AFTER_MARGIN);
                    gate.pauseFor(wait);
                } else {
                    wait = retry.backoff(attempt - 1);
                }
                reason = "HTTP " + status;
            } catch (HttpConnectTimeoutException | ConnectException e) {
                wait = retry.backoff(attempt - 1);
                reason = "cannot connect (" + e.getClass().getSimpleName() + ")";
            } catch (IOException e) {
                if (!request.idempotent()) {
                    throw new AmbiguousWriteException(request.describe() + " lost its connection after it was sent", e);
                }
                wait = retry.backoff(attempt - 1);
                reason = e instanceof HttpTimeoutException ? "timed out" : "connection failed ("
                        + e.getClass().getSimpleName() + ")";
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            if (attempt >= retry.maxAttempts() || elapsed.plus(wait).compareTo(retry.maxElapsed()) > 0) {
                throw new RetriableException(request.describe() + " failed after " + attempt + " attempts: " + reason,
                        retryAfter, null);
            }
            LOG.debug("{}: {}; attempt {} retried in {} ms", request.describe(), reason, attempt, wait.toMillis());
            sleep(wait);
        }
    }

    private ApiResponse once(ApiRequest request, String token) throws IOException {
        try {
            gate.enter();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted while waiting to send " + request.describe(), e);
        }
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(request.uri()).timeout(requestTimeout);
            for (Map.Entry<String, String> h : request.headers().entrySet()) {
                if (!RESTRICTED.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
                    b.header(h.getKey(), h.getValue());
                }
            }
            b.header("Authorization", "Bearer " + token);
            b.method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(request.body()));
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            ApiResponse response = new ApiResponse(r.statusCode(), r.headers(), r.body());
            if (RETRYABLE.contains(response.status())) {
                // Pause before the slot is released: a request queued for this slot must find the connection
                // paused, or it goes out inside the Retry-After window the server just gave.
                RetryPolicy.parseRetryAfter(response.header("Retry-After").orElse(null), clock)
                        .ifPresent(after -> gate.pauseFor(after.plus(RETRY_AFTER_MARGIN)));
            }
            return response;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted during " + request.describe(), e);
        } finally {
            gate.leave();
        }
    }

    private String detail(ApiResponse response) {
        String message = Optional.ofNullable(errorMessages.apply(response)).orElse("");
        return message.isBlank() ? "" : ": " + Secrets.abbreviate(message, 300);
    }

    /** @return the gate, so callers can honour a Retry-After found inside a batch part */
    public RequestGate gate() {
        return gate;
    }

    public RetryPolicy retryPolicy() {
        return retry;
    }

    public Clock clock() {
        return clock;
    }

    static void sleep(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted while backing off", e);
        }
    }

    /** Waits out a delay, for callers that retry parts of a batch themselves. */
    public static void pause(Duration wait) {
        sleep(wait);
    }

    @Override
    public void close() {
        http.close();
    }
}
