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
    /** Dataverse cancels requests after two minutes; waiting longer only hides a hang. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(130);

    private final ServiceConfig config;
    private final TokenSource tokens;
    private final HttpTransport transport;

    public ServiceSession(ServiceConfig config, RetryPolicy retry, Function<ApiResponse, String> errorMessages) {
        this.config = config;
        HttpClient http = HttpTransport.newClient(CONNECT_TIMEOUT);
        Clock clock = Clock.systemUTC();
        this.tokens = new TokenSource(http, config.tokenUrl(), config.clientId(), config.clientSecret(),
                config.scope(), retry, REQUEST_TIMEOUT, clock);
        this.transport = new HttpTransport(http, tokens, new RequestGate(config.maxConcurrency()), retry,
                REQUEST_TIMEOUT, clock, errorMessages);
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
