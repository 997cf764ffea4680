package org.ferry.runtime.management;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The server's meters for an operator's scraper ({@code GET /api/metrics}): runs by project and status, run
 * durations, records per leg and outcome, requests and throttled answers per connection, the admin API's latency,
 * the JVM. Everything records into Micrometer's global registry; this service writes it out.
 */
@ProviderType
public interface MetricsService {
    /** The media type of {@link #scrape()}: Prometheus text exposition format 0.0.4. */
    String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** @return every meter, in the Prometheus text format */
    String scrape();
}
