package org.ferry.admin.internal.runs;

import java.net.URI;
import java.util.function.Supplier;

import org.ferry.admin.internal.auth.ApiUser;
import org.ferry.admin.internal.http.ApiDoc;
import org.ferry.admin.internal.http.Page;
import org.ferry.admin.internal.http.Paging;
import org.ferry.admin.internal.http.ProblemException;
import org.ferry.runtime.management.RunInfo;
import org.ferry.runtime.management.RunService;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

/** Starting a project's run, and its run history. */
@Path("projects/{projectId}/runs")
@Produces(MediaType.APPLICATION_JSON)
public class ProjectRunResource {
    /**
     * How to run.
     *
     * @param mode    {@code incremental} (default: from the checkpoints) or {@code full} (all data)
     * @param trigger {@code api} (default) or {@code manual}: a person started it from the console
     */
    public record RunRequest(String mode, String trigger) {
    }

    private final Supplier<RunService> runs;

    public ProjectRunResource(Supplier<RunService> runs) {
        this.runs = runs;
    }

    /** No {@code @Consumes}: the body is optional, so a bare {@code POST} (no content type) starts an incremental run. */
    @POST
    @ApiDoc(summary = "Start a run (202, Location: /api/runs/{runId}); 409 while the project runs", status = 202,
            returns = RunInfo.class)
    public Response start(@PathParam("projectId") String projectId, RunRequest body, @Context SecurityContext security) {
        String mode = body == null || body.mode() == null ? "incremental" : body.mode();
        if (!mode.equals("incremental") && !mode.equals("full")) {
            throw ProblemException.invalid("mode", "must be incremental or full");
        }
        String trigger = body == null || body.trigger() == null ? "api" : body.trigger();
        if (!trigger.equals("api") && !trigger.equals("manual")) {
            throw ProblemException.invalid("trigger", "must be api or manual (a schedule, a re-run and a replay name"
                    + " themselves)");
        }
        RunInfo run = runs.get().start(projectId, mode, trigger, ApiUser.actor(security));
        return Response.accepted(run).location(URI.create("/api/runs/" + run.id())).build();
    }

    @GET
    @ApiDoc(summary = "The project's runs, newest first", returns = RunInfo.class, list = true)
    public Page<RunInfo> list(@PathParam("projectId") String projectId, @QueryParam("offset") Integer offset,
                              @QueryParam("limit") Integer limit, @Context UriInfo uri) {
        Paging paging = Paging.of(offset, limit);
        return paging.ofFetched(runs.get().runsOf(projectId, paging.offset(), paging.fetch()), uri);
    }
}
