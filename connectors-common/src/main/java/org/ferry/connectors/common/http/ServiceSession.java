package org.ferry.connectors.common.http;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * Everything one connection needs to talk to its service: one HTTP client, one token cache, one gate.
 * Created when the connection opens (without contacting the service) and closed with it.
 */
public final class ServiceSession implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    /** Token requests are few and single-flight; two slots let a renewal pass a stuck one. */
    private static final int TOKEN_CONCURRENCY = 2;

    private final ServiceConfig config;
    private final org.ferry.connectors.common.odata.MetadataCache metadata;
    /** Each application user's tokens, the connection's own first. */
    private final java.util.List<TokenSource> tokens = new java.util.ArrayList<>();
    private final java.util.List<HttpTransport> users = new java.util.ArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();
    private final HttpClient http;
    private HttpTransport unauthenticated;

    /**
     * One transport per application user, each with its own tokens and the user's budget ({@link Budgets}), over one
     * HTTP client.
     *
     * @param errorMessages extracts the service's error message from an answer, for exception texts
     */
    public ServiceSession(ServiceConfig config, Function<ApiResponse, String> errorMessages) {
        this(config, errorMessages, TransportMeter.NONE);
    }

    /** @param meter counts the service's answers, for the server's metrics */
    public ServiceSession(ServiceConfig config, Function<ApiResponse, String> errorMessages, TransportMeter meter) {
        this(config, errorMessages, meter, org.ferry.connectors.common.odata.MetadataCache.NONE, TokenCache.NONE);
    }

    /**
     * @param meter    counts the service's answers, for the server's metrics
     * @param metadata the schemas the connector type keeps across its connections
     * @param shared   the access tokens the connector type's connections share
     */
    public ServiceSession(ServiceConfig config, Function<ApiResponse, String> errorMessages, TransportMeter meter,
                          org.ferry.connectors.common.odata.MetadataCache metadata, TokenCache shared) {
        this.metadata = metadata;
        this.config = config;
        this.http = HttpTransport.newClient(CONNECT_TIMEOUT);
        Clock clock = Clock.systemUTC();
        RetryPolicy retry = RetryPolicy.DEFAULT.withBudget(config.retryBudget());
        HttpTransport tokenTransport = new HttpTransport(http, null, new RequestGate(TOKEN_CONCURRENCY), retry,
                config.requestTimeout(), clock, r -> null);
        int ceiling = config.followHint() ? ServiceConfig.CONCURRENCY_LIMIT : config.maxConcurrency();
        for (Credentials user : config.users()) {
            TokenSource source = new TokenSource(tokenTransport, user.grant(clock), clock, shared, user.identity());
            tokens.add(source);
            RequestGate gate = Budgets.of(config.baseUrl(), user.clientId(), config.maxConcurrency(), ceiling,
                    config.followHint());
            users.add(new HttpTransport(http, source, gate, retry, config.requestTimeout(), clock, errorMessages).meteredBy(meter));
        }
        this.unauthenticated = tokenTransport;
    }

    /**
     * @return a transport that sends no credentials, for URLs that carry their own (a storage account's SAS URL): the
     *         service's bearer token must never go to them
     */
    public HttpTransport unauthenticated() {
        return unauthenticated;
    }

    /** @return every application user's transport, the connection's own first */
    public java.util.List<HttpTransport> users() {
        return java.util.List.copyOf(users);
    }

    /** @return the client ids of the connection's application users */
    public java.util.List<String> clientIds() {
        return config.users().stream().map(Credentials::clientId).toList();
    }

    /** @return the requests all users together may have in flight now */
    public int parallelism() {
        return users.stream().mapToInt(t -> t.gate().limit()).sum();
    }

    /** @return the schemas read from the service, kept across the connector's connections */
    public org.ferry.connectors.common.odata.MetadataCache metadata() {
        return metadata;
    }

    public ServiceConfig config() {
        return config;
    }

    /**
     * @return the transport of the user with the most budget left now: not paused for a Retry-After, and with the most
     *         free slots (ties taken in turn). A request sent through it is that user's.
     */
    public HttpTransport transport() {
        if (users.size() == 1) {
            return users.get(0);
        }
        int start = Math.floorMod(turn.getAndIncrement(), users.size());
        HttpTransport best = null;
        long bestScore = Long.MIN_VALUE;
        for (int i = 0; i < users.size(); i++) {
            HttpTransport t = users.get((start + i) % users.size());
            long score = t.gate().remainingPause().isZero() ? t.gate().available() : -1_000_000L
                    - t.gate().remainingPause().toMillis();
            if (score > bestScore) {
                best = t;
                bestScore = score;
            }
        }
        return best;
    }

    public TokenSource tokens() {
        return tokens.get(0);
    }

    /**
     * Signs every application user in afresh ({@link TokenSource#signIn}), for a connection test: tokens shared with
     * the connector's other connections would otherwise stand in for the credentials.
     */
    public void signIn() {
        tokens.forEach(TokenSource::signIn);
    }

    @Override
    public void close() {
        http.close();
    }
}
