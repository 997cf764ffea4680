package org.ferry.admin.internal.projects;

import java.net.URI;
import java.util.function.Supplier;

import org.ferry.admin.internal.auth.ApiUser;
import org.ferry.admin.internal.http.ApiDoc;
import org.ferry.admin.internal.http.Page;
import org.ferry.admin.internal.http.Paging;
import org.ferry.admin.internal.http.ProblemException;
import org.ferry.admin.internal.projects.TaskJson.TaskRequest;
import org.ferry.admin.internal.projects.TaskJson.TaskView;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.ProjectService;
import org.ferry.runtime.management.ProjectTask;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

/** The tasks of a project, in run order; {@code position} moves one. */
@Path("projects/{projectId}/tasks")
@Produces(MediaType.APPLICATION_JSON)
public class TaskResource {
    private final Supplier<ProjectService> projects;

    public TaskResource(Supplier<ProjectService> projects) {
        this.projects = projects;
    }

    @GET
    @ApiDoc(summary = "List a project's tasks in run order", returns = TaskView.class, list = true)
    public Page<TaskView> list(@PathParam("projectId") String projectId, @QueryParam("offset") Integer offset,
                               @QueryParam("limit") Integer limit, @Context UriInfo uri) {
        return Paging.of(offset, limit).slice(project(projectId).tasks().stream().map(TaskView::of).toList(), uri);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ApiDoc(summary = "Add a task, last or at a position", status = 201, returns = TaskView.class)
    public Response add(@PathParam("projectId") String projectId, TaskRequest body, @Context SecurityContext security) {
        if (body == null) {
            throw ProblemException.invalid("name", "a body {name, legs, position} is required");
        }
        ProjectTask added = projects.get().addTask(projectId, body.task(null), body.position(), ApiUser.actor(security));
        return Response.created(URI.create("/api/projects/" + projectId + "/tasks/" + added.id()))
                .entity(TaskView.of(added)).build();
    }

    @GET
    @Path("{taskId}")
    @ApiDoc(summary = "Get a task", returns = TaskView.class)
    public TaskView get(@PathParam("projectId") String projectId, @PathParam("taskId") String taskId) {
        return TaskView.of(task(project(projectId), taskId));
    }

    @PUT
    @Path("{taskId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @ApiDoc(summary = "Replace a task, move it ({\"position\": n} alone only moves it), or both", returns = TaskView.class)
    public TaskView update(@PathParam("projectId") String projectId, @PathParam("taskId") String taskId,
                           TaskRequest body, @Context SecurityContext security) {
        if (body == null) {
            throw ProblemException.invalid("name", "a body {name, legs, position} is required");
        }
        ProjectTask task = body.name() == null && body.legs() == null
                ? task(project(projectId), taskId)
                : body.task(taskId);
        return TaskView.of(projects.get().updateTask(projectId, taskId, task, body.position(), ApiUser.actor(security)));
    }

    @DELETE
    @Path("{taskId}")
    @ApiDoc(summary = "Delete a task", status = 204)
    public Response delete(@PathParam("projectId") String projectId, @PathParam("taskId") String taskId,
                           @Context SecurityContext security) {
        projects.get().deleteTask(projectId, taskId, ApiUser.actor(security));
        return Response.noContent().build();
    }

    private ProjectInfo project(String id) {
        return projects.get().get(id).orElseThrow(() -> ProblemException.notFound("project '" + id + "'"));
    }

    private static ProjectTask task(ProjectInfo project, String taskId) {
        return project.tasks().stream().filter(t -> taskId.equals(t.id())).findFirst()
                .orElseThrow(() -> ProblemException.notFound("task '" + taskId + "' of project '" + project.id() + "'"));
    }
}
