package org.ferry.admin.internal.runs;

import java.net.URI;
import java.util.List;
import java.util.function.Supplier;

import org.ferry.admin.internal.auth.ApiUser;
import org.ferry.admin.internal.http.ApiDoc;
import org.ferry.admin.internal.http.Page;
import org.ferry.admin.internal.http.Paging;
import org.ferry.admin.internal.http.ProblemException;
import org.ferry.runtime.management.RunErrorInfo;
import org.ferry.runtime.management.ProjectService;
import org.ferry.runtime.management.RunInfo;
import org.ferry.runtime.management.RunQuery;
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

/** Runs across projects; one run: its status and counts, its per-record errors, cancel and re-run. */
@Path("runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {
    private final Supplier<RunService> runs;
    private final Supplier<ProjectService> projects;

    public RunResource(Supplier<RunService> runs, Supplier<ProjectService> projects) {
        this.runs = runs;
        this.projects = projects;
    }

    @GET
    @ApiDoc(summary = "Runs of every project, newest first; filters combine: status (repeated or comma-separated),"
            + " project (its id), trigger (manual, schedule, api, rerun, replay), from and to (when the run started:"
            + " ISO 8601 date-times, or dates; to is exclusive, a date alone ends with that day)", returns = RunInfo.class,
            list = true)
    public Page<RunInfo> list(@QueryParam("status") List<String> status, @QueryParam("project") String project,
                              @QueryParam("trigger") String trigger, @QueryParam("from") String from,
                              @QueryParam("to") String to, @QueryParam("offset") String offset,
                              @QueryParam("limit") String limit, @Context UriInfo uri) {
        Paging paging = Paging.parse(offset, limit);
        RunQuery query = RunFilter.parse(status, project, trigger, from, to);
        if (query.projectId() != null && projects.get().get(query.projectId()).isEmpty()) {
            // a project's runs go with it, so an unknown id is a mistake (a name given for the id, say), not a filter
            throw ProblemException.badParameter("project", "no project has the id '" + query.projectId() + "'");
        }
        return paging.ofFetched(runs.get().runs(query, paging.offset(), paging.fetch()), uri);
    }

    @GET
    @Path("{runId}")
    @ApiDoc(summary = "A run: status, trigger, mode, times, per task and leg counts", returns = RunInfo.class)
    public RunInfo get(@PathParam("runId") String runId) {
        return run(runId);
    }

    @GET
    @Path("{runId}/errors")
    @ApiDoc(summary = "The run's failed and skipped records, in the order they happened", returns = RunErrorInfo.class,
            list = true)
    public Page<RunErrorInfo> errors(@PathParam("runId") String runId, @QueryParam("offset") Integer offset,
                                     @QueryParam("limit") Integer limit, @Context UriInfo uri) {
        Paging paging = Paging.of(offset, limit);
        run(runId);
        return paging.ofFetched(runs.get().errors(runId, paging.offset(), paging.fetch()), uri);
    }

    @POST
    @Path("{runId}/cancel")
    @ApiDoc(summary = "Ask a run to stop at its next batch boundary", returns = RunInfo.class)
    public RunInfo cancel(@PathParam("runId") String runId, @Context SecurityContext security) {
        return runs.get().cancel(runId, ApiUser.actor(security));
    }

    @POST
    @Path("{runId}/rerun")
    @ApiDoc(summary = "Start a new run of the same project and mode (202, Location of the new run)", status = 202,
            returns = RunInfo.class)
    public Response rerun(@PathParam("runId") String runId, @Context SecurityContext security) {
        RunInfo run = runs.get().rerun(runId, ApiUser.actor(security));
        return Response.accepted(run).location(URI.create("/api/runs/" + run.id())).build();
    }

    @POST
    @Path("{runId}/retry-failed")
    @ApiDoc(summary = "Re-read and write only the records this run failed, after the source was fixed (202, Location"
            + " of the replay, which links back to this run)", status = 202, returns = RunInfo.class)
    public Response retryFailed(@PathParam("runId") String runId, @Context SecurityContext security) {
        RunInfo run = runs.get().retryFailed(runId, ApiUser.actor(security));
        return Response.accepted(run).location(URI.create("/api/runs/" + run.id())).build();
    }

    private RunInfo run(String runId) {
        return runs.get().get(runId).orElseThrow(() -> ProblemException.notFound("run '" + runId + "'"));
    }
}
