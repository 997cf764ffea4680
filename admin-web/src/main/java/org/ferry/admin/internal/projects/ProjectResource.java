package org.ferry.admin.internal.projects;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import org.ferry.admin.internal.auth.ApiUser;
import org.ferry.admin.internal.http.ApiDoc;
import org.ferry.admin.internal.http.Page;
import org.ferry.admin.internal.http.Paging;
import org.ferry.admin.internal.http.ProblemException;
import org.ferry.admin.internal.projects.TaskJson.TaskRequest;
import org.ferry.admin.internal.projects.TaskJson.TaskView;
import org.ferry.runtime.management.Consent;
import org.ferry.runtime.management.ProjectDraft;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.ProjectService;
import org.ferry.runtime.management.ValidationProblem;

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

/** Projects: created from a template or blank, with consent; validated as a run would be. */
@Path("projects")
@Produces(MediaType.APPLICATION_JSON)
public class ProjectResource {
    /**
     * The consent given when creating a project.
     *
     * @param accepted must be {@code true}
     */
    public record ConsentRequest(Boolean accepted) {
    }

    /**
     * A new project.
     *
     * @param name                any printable characters
     * @param template            a template id, or absent for a blank project
     * @param connectionSet       the connection set's id
     * @param organizationMapping one of the set's organization mappings, by name
     * @param consent             {@code {"accepted": true}}, required
     * @param tasks               the tasks of a blank project
     */
    public record ProjectRequest(String name, String template, String connectionSet, String organizationMapping,
                                 ConsentRequest consent, List<TaskRequest> tasks) {
    }

    /**
     * A change to a project; a field left out keeps its value. Tasks change through their own resource.
     *
     * @param name                new name
     * @param connectionSet       another connection set
     * @param organizationMapping another of its mappings
     * @param errorTolerance      -1 for any number of failed records, 0 for none
     */
    public record ProjectChange(String name, String connectionSet, String organizationMapping, Integer errorTolerance) {
    }

    /**
     * A project as answered.
     *
     * @param id                  stable id
     * @param name                display name
     * @param template            the template it came from, or null
     * @param connectionSet       the connection set's id
     * @param organizationMapping the mapping's name
     * @param consent             who accepted the consent, when, and which text version
     * @param tasks               the tasks in run order
     * @param errorTolerance      -1 for any number of failed records, 0 for none
     * @param createdAt           creation time
     * @param updatedAt           last change
     */
    public record ProjectView(String id, String name, String template, String connectionSet, String organizationMapping,
                              Consent consent, List<TaskView> tasks, int errorTolerance, Instant createdAt,
                              Instant updatedAt) {
        static ProjectView of(ProjectInfo p) {
            return new ProjectView(p.id(), p.name(), p.template(), p.connectionSet(), p.organizationMapping(),
                    p.consent(), p.tasks().stream().map(TaskView::of).toList(), p.errorTolerance(), p.createdAt(),
                    p.updatedAt());
        }
    }

    /**
     * The outcome of a validation, as a list of problems.
     *
     * @param valid whether the project can run
     * @param items the problems, empty when valid
     * @param next  always null: the list is never paged
     */
    public record ValidationAnswer(boolean valid, List<ValidationProblem> items, String next) {
    }

    private final Supplier<ProjectService> projects;

    public ProjectResource(Supplier<ProjectService> projects) {
        this.projects = projects;
    }

    @GET
    @ApiDoc(summary = "List projects", returns = ProjectView.class, list = true)
    public Page<ProjectView> list(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit,
                                  @Context UriInfo uri) {
        return Paging.of(offset, limit).slice(projects.get().list().stream().map(ProjectView::of).toList(), uri);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ApiDoc(summary = "Create a project from a template or blank; requires \"consent\": {\"accepted\": true}",
            status = 201, returns = ProjectView.class)
    public Response create(ProjectRequest body, @Context SecurityContext security) {
        if (body == null || body.consent() == null || !Boolean.TRUE.equals(body.consent().accepted())) {
            throw ProblemException.invalid("consent", "must be {\"accepted\": true}: " + Consent.TEXT
                    + " (consent text version " + Consent.TEXT_VERSION + ")");
        }
        List<TaskRequest> tasks = body.tasks() == null ? List.of() : body.tasks();
        var drafts = new java.util.ArrayList<org.ferry.runtime.management.ProjectTask>();
        for (int i = 0; i < tasks.size(); i++) {
            try {
                drafts.add(tasks.get(i).task(null));
            } catch (ProblemException e) {
                throw prefixed("tasks." + i + ".", e);
            }
        }
        ProjectInfo created = projects.get().create(new ProjectDraft(body.name(), body.template(), body.connectionSet(),
                body.organizationMapping(), true, drafts), ApiUser.actor(security));
        return Response.created(URI.create("/api/projects/" + created.id())).entity(ProjectView.of(created)).build();
    }

    @GET
    @Path("{id}")
    @ApiDoc(summary = "Get a project with its consent and tasks", returns = ProjectView.class)
    public ProjectView get(@PathParam("id") String id) {
        return ProjectView.of(project(id));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @ApiDoc(summary = "Rename a project, switch its connection set or mapping, or change its error tolerance",
            returns = ProjectView.class)
    public ProjectView update(@PathParam("id") String id, ProjectChange body, @Context SecurityContext security) {
        if (body == null) {
            throw ProblemException.invalid("name", "a body is required");
        }
        ProjectInfo current = project(id);
        return ProjectView.of(projects.get().update(id,
                body.name() == null ? current.name() : body.name(),
                body.connectionSet() == null ? current.connectionSet() : body.connectionSet(),
                body.organizationMapping() == null ? current.organizationMapping() : body.organizationMapping(),
                body.errorTolerance() == null ? current.errorTolerance() : body.errorTolerance(),
                ApiUser.actor(security)));
    }

    @DELETE
    @Path("{id}")
    @ApiDoc(summary = "Delete a project (409 while it runs)", status = 204)
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        projects.get().delete(id, ApiUser.actor(security));
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/validate")
    @ApiDoc(summary = "Make the checks a run makes first; answers the problems found", returns = ValidationAnswer.class)
    public ValidationAnswer validate(@PathParam("id") String id) {
        List<ValidationProblem> problems = projects.get().validate(id);
        return new ValidationAnswer(problems.isEmpty(), problems, null);
    }

    private ProjectInfo project(String id) {
        return projects.get().get(id).orElseThrow(() -> ProblemException.notFound("project '" + id + "'"));
    }

    static ProblemException prefixed(String prefix, ProblemException e) {
        List<org.ferry.api.error.FieldProblem> errors = e.errors().stream()
                .map(p -> new org.ferry.api.error.FieldProblem(p.field() == null ? null : prefix + p.field(), p.message()))
                .toList();
        return new ProblemException(e.status(), e.title(), prefix + e.getMessage(), errors, e.headers());
    }
}
