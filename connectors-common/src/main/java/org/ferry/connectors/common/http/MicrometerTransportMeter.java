package org.ferry.connectors.common.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;

/**
 * {@link TransportMeter} over Micrometer's global registry: {@code ferry_connector_requests_total} and
 * {@code ferry_connector_throttled_total}, both by connection. Loaded only once Micrometer was found.
 */
final class MicrometerTransportMeter implements TransportMeter {
    private final Counter requests;
    private final Counter throttled;

    MicrometerTransportMeter(String connection) {
        this.requests = Counter.builder("ferry.connector.requests").tag("connection", connection)
                .description("HTTP requests a connection sent to its service").register(Metrics.globalRegistry);
        this.throttled = Counter.builder("ferry.connector.throttled").tag("connection", connection)
                .description("answers that asked the connection to slow down (429, 503)").register(Metrics.globalRegistry);
    }

    @Override
    public void answered(int status) {
        requests.increment();
        if (status == 429 || status == 503) {
            throttled.increment();
        }
    }
}
