package org.ferry.admin.internal.metrics;

import java.util.function.Supplier;

import org.ferry.admin.internal.http.ApiDoc;
import org.ferry.runtime.management.MetricsService;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/metrics}: the server's meters in the Prometheus text format, for a scraper that signs in as any
 * user (the viewer role is enough; give the scraper a user of its own, by Basic credentials or a bearer token).
 */
@Path("metrics")
public class MetricsResource {
    private final Supplier<MetricsService> metrics;

    public MetricsResource(Supplier<MetricsService> metrics) {
        this.metrics = metrics;
    }

    @GET
    @Produces({"text/plain", "*/*"})
    @ApiDoc(summary = "Runs, records per leg, requests per connection, API latency and the JVM, in the Prometheus text"
            + " format (version 0.0.4)", returns = String.class)
    public Response scrape() {
        return Response.ok(metrics.get().scrape()).type(MetricsService.CONTENT_TYPE).build();
    }
}
