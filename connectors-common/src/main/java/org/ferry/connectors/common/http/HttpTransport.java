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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.ferry.api.error.ConnectorException;
import org.ferry.api.error.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends requests to one service for one connection: adds credentials, caps concurrency, honours
 * {@code Retry-After}, backs off, bounds every exchange in time, and classifies failures. This is where Ferry
 * retries: only here is it known whether a request may be sent twice, what the server asked for, and whether
 * the whole connection must pause; the engine gives up on what this layer gave up on.
 *
 * <p>Retried, until the operation's {@link Deadline}: 429 and 503 (the server did not run the request), and
 * any request whose connection could not even be opened. Retried for idempotent requests only: 500, 502, 504,
 * timeouts and broken connections; for others these are an {@link AmbiguousWriteException}, as the request may
 * have run. A 500 is retried at most twice: a server error that outlasts that is the request's own answer (F&amp;O
 * answers some bad queries 500) and goes back to the caller with the server's message. A 401 renews the
 * credentials and retries once; a second 401 is permanent. Every other status is returned to the caller, which
 * knows what a 404 or 412 means for it.
 *
 * <p>Every exchange, body included, ends within the request timeout and the deadline: the JDK's
 * {@link HttpRequest.Builder#timeout} covers only the wait for the headers, so the body is awaited under a timer
 * of its own and the exchange is cancelled, which closes its connection, when the timer runs out.
 */
public final class HttpTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
    /** The server refused to run the request: sending it again is always safe. */
    private static final Set<Integer> NOT_RUN = Set.of(429, 503);
    /** The server failed, perhaps after running the request: safe to send again only if it is idempotent. */
    private static final Set<Integer> SERVER_FAULT = Set.of(500, 502, 504);
    private static final int INTERNAL_ERROR_ATTEMPTS = 3;
    /** Added to every Retry-After: the header has whole-second resolution and the server's clock ticks too. */
    private static final Duration RETRY_AFTER_MARGIN = Duration.ofMillis(50);
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "host", "expect", "upgrade");

    /** Adds credentials to requests, and hears when the server refused them. */
    public interface Authorization {
        /** @return the {@code Authorization} header's value, fetched within {@code deadline} if need be */
        String header(Deadline deadline);

        /** The server answered 401 to {@code header}: the next {@link #header} must not return it again. */
        void rejected(String header);
    }

    private final HttpClient http;
    private final Authorization authorization;
    private final RequestGate gate;
    private final RetryPolicy retry;
    private final Duration requestTimeout;
    private final Clock clock;
    private final Function<ApiResponse, String> errorMessages;
    private volatile TransportMeter meter = TransportMeter.NONE;

    /**
     * @param authorization adds credentials to every request; {@code null} for an endpoint that needs none (a
     *                      token endpoint), whose 401 is then an answer like any other
     * @param requestTimeout the most one exchange may take, its whole body included
     * @param errorMessages  extracts the server's error message from a response body, for exception texts
     */
    public HttpTransport(HttpClient http, Authorization authorization, RequestGate gate, RetryPolicy retry,
                         Duration requestTimeout, Clock clock, Function<ApiResponse, String> errorMessages) {
        this.http = http;
        this.authorization = authorization;
        this.gate = gate;
        this.retry = retry;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
        this.errorMessages = errorMessages;
    }

    /** Counts this transport's answers from now on (see {@link TransportMeter}). */
    public HttpTransport meteredBy(TransportMeter meter) {
        this.meter = meter;
        return this;
    }

    /**
     * An HTTP/1.1 client that never follows redirects: a redirect must not carry our token elsewhere. It keeps no
     * cookies, so Dataverse's server-affinity cookie ({@code ARRAffinity}) is dropped and every request may go to
     * any web server: "disable the affinity cookie" when sending in parallel, so the limits of every server apply.
     */
    public static HttpClient newClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Sends {@code request} as an operation of its own, within the policy's budget. */
    public ApiResponse send(ApiRequest request) {
        return send(request, retry.deadline());
    }

    /**
     * Sends {@code request} until it gets an answer that is not retryable, or {@code deadline} leaves no time for
     * another attempt.
     *
     * @return the final response, whatever its status other than a 401 that a renewal cured
     * @throws RetriableException when the attempts or the deadline are spent
     * @throws ConnectorException when the credentials are refused after a renewal
     * @throws AmbiguousWriteException when a non-idempotent request may have run but its answer was lost
     */
    public ApiResponse send(ApiRequest request, Deadline deadline) {
        boolean renewed = false;
        int internalErrors = 0;
        for (int attempt = 1; ; attempt++) {
            Duration wait;
            Duration retryAfter = null;
            String reason;
            String credentials = authorization == null ? null : authorization.header(deadline);
            try {
                ApiResponse response = once(request, credentials, deadline);
                int status = response.status();
                if (status == 401 && authorization != null) {
                    authorization.rejected(credentials);
                    if (renewed) {
                        throw new ConnectorException("authentication refused by " + request.uri().getHost()
                                + " after a token renewal (HTTP 401" + detail(response) + ")");
                    }
                    renewed = true;
                    attempt--;
                    continue;
                }
                boolean serverFault = SERVER_FAULT.contains(status);
                if (serverFault && !request.idempotent()) {
                    throw new AmbiguousWriteException(request.describe() + " was answered HTTP " + status
                            + detail(response) + " and may have run", null);
                }
                if (status == 500 && ++internalErrors >= INTERNAL_ERROR_ATTEMPTS) {
                    return response;
                }
                if (!serverFault && !NOT_RUN.contains(status) && !request.passing().contains(status)) {
                    return response;
                }
                retryAfter = RetryPolicy.parseRetryAfter(response.header("Retry-After").orElse(null), clock).orElse(null);
                if (retryAfter != null) {
                    wait = retryAfter.plus(RETRY_AFTER_MARGIN);
                    gate.pauseFor(wait);
                } else {
                    wait = retry.backoff(attempt - 1);
                }
                reason = "HTTP " + status + detail(response);
            } catch (GateClosed e) {
                throw new RetriableException(request.describe() + " was not sent: " + e.getMessage(),
                        gate.remainingPause().isZero() ? null : gate.remainingPause(), null);
            } catch (HttpConnectTimeoutException | ConnectException e) {
                wait = retry.backoff(attempt - 1);
                reason = "cannot connect (" + e.getClass().getSimpleName() + ")";
            } catch (IOException e) {
                if (!request.idempotent()) {
                    throw new AmbiguousWriteException(request.describe() + " lost its answer after it was sent ("
                            + e.getClass().getSimpleName() + ")", e);
                }
                wait = retry.backoff(attempt - 1);
                reason = e instanceof HttpTimeoutException ? "timed out (" + e.getMessage() + ")"
                        : "connection failed (" + e.getClass().getSimpleName() + ")";
            }
            if (attempt >= retry.maxAttempts() || !deadline.allows(wait)) {
                throw new RetriableException(request.describe() + " failed after " + attempt + " attempts within "
                        + deadline.budget().toSeconds() + " s: " + reason, retryAfter, null);
            }
            LOG.debug("{}: {}; attempt {} retried in {} ms", request.describe(), reason, attempt, wait.toMillis());
            sleep(wait);
        }
    }

    /** The gate stayed shut past the deadline: a pause or a queue longer than the budget left. */
    private static final class GateClosed extends Exception {
        private static final long serialVersionUID = 1L;

        GateClosed(String message) {
            super(message, null, false, false);
        }
    }

    private ApiResponse once(ApiRequest request, String credentials, Deadline deadline) throws IOException, GateClosed {
        try {
            if (!gate.enter(deadline)) {
                Duration pause = gate.remainingPause();
                throw new GateClosed(pause.isZero() ? "no free slot on the connection within the budget"
                        : "the connection is paused " + pause.toSeconds() + " s for the service's Retry-After, "
                        + "longer than the budget left");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted while waiting to send " + request.describe(), e);
        }
        try {
            Duration timeout = deadline.remaining().compareTo(requestTimeout) < 0 ? deadline.remaining() : requestTimeout;
            if (timeout.isZero()) {
                throw new HttpTimeoutException("no time left in the budget");
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(request.uri()).timeout(timeout);
            for (Map.Entry<String, String> h : request.headers().entrySet()) {
                if (!RESTRICTED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                    b.header(h.getKey(), h.getValue());
                }
            }
            if (credentials != null) {
                b.header("Authorization", credentials);
            }
            b.method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(request.body()));
            HttpResponse<byte[]> r = exchange(b.build(), timeout);
            meter.answered(r.statusCode());
            ApiResponse response = new ApiResponse(r.statusCode(), r.headers(), r.body());
            gate.answered(response.status());
            response.header("x-ms-dop-hint").ifPresent(h -> {
                try {
                    gate.hinted(Integer.parseInt(h.trim()));
                } catch (NumberFormatException ignored) {
                    // a hint we cannot read changes nothing
                }
            });
            if (NOT_RUN.contains(response.status()) || SERVER_FAULT.contains(response.status())) {
                // Pause before the slot is released: a request queued for this slot must find the connection
                // paused, or it goes out inside the Retry-After window the server just gave.
                RetryPolicy.parseRetryAfter(response.header("Retry-After").orElse(null), clock)
                        .ifPresent(after -> gate.pauseFor(after.plus(RETRY_AFTER_MARGIN)));
            }
            return response;
        } finally {
            gate.leave();
        }
    }

    /**
     * One exchange, body included, within {@code timeout}: past it the exchange is cancelled, which closes its
     * connection, so a body that stalls after its headers cannot hold the caller.
     */
    private HttpResponse<byte[]> exchange(HttpRequest request, Duration timeout) throws IOException {
        CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new HttpTimeoutException("no complete answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted during " + request.method() + " " + request.uri().getRawPath(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(cause);
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

    /** Waits out a delay, for callers that retry parts of a batch themselves. */
    public static void pause(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted while backing off", e);
        }
    }

    private static void sleep(Duration wait) {
        pause(wait);
    }

    @Override
    public void close() {
        http.close();
    }
}
