package org.ferry.admin.internal.plugins;

import org.ferry.admin.internal.http.ApiDoc;
import org.ferry.runtime.management.HealthCheck;
import org.ferry.runtime.management.HealthReport;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/health}: the one route that needs no credentials. 503 while the server is starting (status
 * STARTING: the store is opening) and when it is degraded.
 */
@Path("health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {
    private final HealthCheck health;

    public HealthResource(HealthCheck health) {
        this.health = health;
    }

    @GET
    @ApiDoc(summary = "Whether the server can work (503 while STARTING and when DEGRADED); needs no credentials", returns = HealthReport.class)
    public Response health() {
        HealthReport report = health.check();
        return Response.status("UP".equals(report.status()) ? 200 : 503).entity(report).build();
    }
}
