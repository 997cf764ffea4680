package org.ferry.connectors.common.http;

import org.slf4j.LoggerFactory;

/**
 * Counts one connection's exchanges with its service for the operator's metrics: every answer, and apart the
 * ones that asked Ferry to slow down (429, or 503 with or without {@code Retry-After}). Recorded into Micrometer's
 * global registry, which the server scrapes at {@code GET /api/metrics}; where Micrometer is not there (a partner's
 * build, a unit test without it), nothing is counted and nothing fails. No SPI type is involved: the connector and
 * the server share only Micrometer's meter names.
 */
public interface TransportMeter {
    TransportMeter NONE = status -> {
    };

    /** @param status the HTTP status of one answer */
    void answered(int status);

    /** @return a meter for the connection, or {@link #NONE} where Micrometer is not available */
    static TransportMeter of(String connection) {
        try {
            Class.forName("io.micrometer.core.instrument.Metrics", false, TransportMeter.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return NONE;
        }
        try {
            return new MicrometerTransportMeter(connection == null ? "unnamed" : connection);
        } catch (LinkageError e) {
            LoggerFactory.getLogger(TransportMeter.class).debug("no metrics for connection {}: {}", connection, e.toString());
            return NONE;
        }
    }
}
