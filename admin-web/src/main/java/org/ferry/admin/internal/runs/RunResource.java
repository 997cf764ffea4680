package org.ferry.admin.internal.runs;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

import org.ferry.admin.internal.auth.ApiUser;
import org.ferry.admin.internal.http.ApiDoc;
import org.ferry.admin.internal.http.Page;
import org.ferry.admin.internal.http.Paging;
import org.ferry.admin.internal.http.ProblemException;
import org.ferry.runtime.management.RunErrorInfo;
import org.ferry.runtime.management.RunErrorQuery;
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
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;

/** Runs across projects; one run: its status and counts, its per-record errors, cancel and re-run. */
@Path("runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {
    static final String CSV = "text/csv";
    private static final List<String> KINDS = List.of("failed", "skipped", "run", "warning");

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

    /**
     * A page of a run's errors.
     *
     * @param items the errors of this page, in the order they happened
     * @param next  the path and query of the next page, or {@code null}
     * @param total how many errors match the filters, over every page
     */
    public record ErrorPage(List<RunErrorInfo> items, String next, long total) {
    }

    @GET
    @Path("{runId}/errors")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @ApiDoc(summary = "The run's failed and skipped records (and why the run stopped), in the order they happened, with"
            + " the record as read and the values sent; filters combine: task, leg, field, kind, group (from"
            + " errors/groups), q (a business key, source id or words of the message); the answer says the total."
            + " format=csv streams every matching error as CSV", returns = RunErrorInfo.class, list = true)
    public Response errors(@PathParam("runId") String runId, @QueryParam("task") String task,
                           @QueryParam("leg") String leg, @QueryParam("field") String field, @QueryParam("kind") String kind,
                           @QueryParam("group") String group, @QueryParam("q") String q,
                           @QueryParam("format") String format, @QueryParam("offset") String offset,
                           @QueryParam("limit") String limit, @Context UriInfo uri) {
        Paging paging = Paging.parse(offset, limit);
        RunErrorQuery query = errorQuery(task, leg, field, kind, group, q);
        run(runId);
        if (format != null && !format.isBlank() && !format.equals("json")) {
            if (!format.equals("csv")) {
                throw ProblemException.badParameter("format", "'" + format + "' is not a format; use json or csv");
            }
            StreamingOutput csv = out -> {
                Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                ErrorCsv rows = new ErrorCsv(writer);
                rows.header();
                runs.get().eachError(runId, query, rows::error);
                rows.flush();
            };
            return Response.ok(csv, CSV + "; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"run-" + runId.replaceAll("[^A-Za-z0-9-]", "")
                            + "-errors.csv\"").build();
        }
        Page<RunErrorInfo> page = paging.ofFetched(runs.get().errors(runId, query, paging.offset(), paging.fetch()), uri);
        long total = page.next() == null && paging.offset() == 0 ? page.items().size() : runs.get().errorCount(runId, query);
        return Response.ok(new ErrorPage(page.items(), page.next(), total), MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("{runId}/errors/groups")
    @ApiDoc(summary = "The run's errors grouped by cause (task, leg, field, kind and the message's pattern, so 1,456"
            + " \"'X' is not a country\" are one group), largest first, each with its count, the first keys and a group"
            + " to list its errors with; limit: at most this many groups (default 100, at most 500)",
            returns = ErrorGroupItem.class, list = true)
    public Page<ErrorGroupItem> groups(@PathParam("runId") String runId, @QueryParam("limit") String limit) {
        int max = limit == null || limit.isBlank() ? 100 : Paging.parse(null, limit).limit();
        run(runId);
        return Page.of(runs.get().errorGroups(runId, max).stream().map(ErrorGroupItem::of).toList());
    }

    private static RunErrorQuery errorQuery(String task, String leg, String field, String kind, String group, String q) {
        if (kind != null && !kind.isBlank() && !KINDS.contains(kind.strip())) {
            throw ProblemException.badParameter("kind", "'" + kind + "' is not a kind of error; use "
                    + String.join(", ", KINDS));
        }
        if (q != null && q.length() > 200) {
            throw ProblemException.badParameter("q", "is longer than 200 characters");
        }
        if (group != null && !group.isBlank()) {
            return ErrorGroupItem.query(group.strip()).withText(q);
        }
        return new RunErrorQuery(task, leg, field, q, null, kind);
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
