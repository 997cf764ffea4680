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
    private final TokenSource tokens;
    private final HttpTransport transport;

    /** @param errorMessages extracts the service's error message from an answer, for exception texts */
    public ServiceSession(ServiceConfig config, Function<ApiResponse, String> errorMessages) {
        this(config, errorMessages, TransportMeter.NONE);
    }

    /** @param meter counts the service's answers, for the server's metrics */
    public ServiceSession(ServiceConfig config, Function<ApiResponse, String> errorMessages, TransportMeter meter) {
        this.config = config;
        HttpClient http = HttpTransport.newClient(CONNECT_TIMEOUT);
        Clock clock = Clock.systemUTC();
        RetryPolicy retry = RetryPolicy.DEFAULT.withBudget(config.retryBudget());
        HttpTransport tokenTransport = new HttpTransport(http, null, new RequestGate(TOKEN_CONCURRENCY), retry,
                config.requestTimeout(), clock, r -> null);
        this.tokens = new TokenSource(tokenTransport, config.grant(clock), clock);
        this.transport = new HttpTransport(http, tokens, new RequestGate(config.maxConcurrency()), retry,
                config.requestTimeout(), clock, errorMessages).meteredBy(meter);
    }

    public ServiceConfig config() {
        return config;
    }

    public HttpTransport transport() {
        return transport;
    }

    public TokenSource tokens() {
        return tokens;
    }

    @Override
    public void close() {
        transport.close();
    }
}
