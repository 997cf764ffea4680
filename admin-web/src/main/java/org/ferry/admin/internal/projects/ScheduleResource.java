package org.ferry.admin.internal.projects;

import java.time.Instant;
import java.util.function.Supplier;

import org.ferry.admin.internal.auth.ApiUser;
import org.ferry.admin.internal.http.ApiDoc;
import org.ferry.admin.internal.http.ProblemException;
import org.ferry.runtime.management.ScheduleInfo;
import org.ferry.runtime.management.ScheduleService;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/** A project's schedule: one per project. */
@Path("projects/{projectId}/schedule")
@Produces(MediaType.APPLICATION_JSON)
public class ScheduleResource {
    /**
     * A schedule as sent.
     *
     * @param every   the interval count, at least 1
     * @param unit    minutes, hours, days, weeks or months
     * @param start   the first slot (ISO-8601)
     * @param end     no runs after this, or absent
     * @param enabled whether it fires (default true)
     */
    public record ScheduleRequest(Integer every, String unit, Instant start, Instant end, Boolean enabled) {
    }

    private final Supplier<ScheduleService> schedules;

    public ScheduleResource(Supplier<ScheduleService> schedules) {
        this.schedules = schedules;
    }

    @GET
    @ApiDoc(summary = "Get the project's schedule (404 when it has none)", returns = ScheduleInfo.class)
    public ScheduleInfo get(@PathParam("projectId") String projectId) {
        return schedules.get().get(projectId)
                .orElseThrow(() -> ProblemException.notFound("a schedule of project '" + projectId + "'"));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @ApiDoc(summary = "Set the project's schedule", returns = ScheduleInfo.class)
    public ScheduleInfo put(@PathParam("projectId") String projectId, ScheduleRequest body,
                            @Context SecurityContext security) {
        if (body == null || body.every() == null) {
            throw ProblemException.invalid("every", "is required");
        }
        if (body.unit() == null) {
            throw ProblemException.invalid("unit", "is required");
        }
        if (body.start() == null) {
            throw ProblemException.invalid("start", "is required");
        }
        ScheduleInfo draft = new ScheduleInfo(body.every(), body.unit(), body.start(), body.end(),
                body.enabled() == null || body.enabled(), null, null);
        return schedules.get().put(projectId, draft, ApiUser.actor(security));
    }

    @DELETE
    @ApiDoc(summary = "Remove the project's schedule", status = 204)
    public Response delete(@PathParam("projectId") String projectId, @Context SecurityContext security) {
        schedules.get().delete(projectId, ApiUser.actor(security));
        return Response.noContent().build();
    }
}
