package org.ferry.admin.internal.projects;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.ferry.admin.internal.auth.ApiUser;
import org.ferry.admin.internal.http.ApiDoc;
import org.ferry.admin.internal.http.ProblemException;
import org.ferry.admin.internal.projects.ProjectResource.ConsentRequest;
import org.ferry.admin.internal.projects.ProjectResource.ProjectView;
import org.ferry.api.error.FieldProblem;
import org.ferry.api.template.LegTemplate;
import org.ferry.runtime.management.ConnectionService;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.ConnectionSetService;
import org.ferry.runtime.management.Consent;
import org.ferry.runtime.management.ProjectDraft;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.ProjectService;
import org.ferry.runtime.management.ProjectTask;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * Projects as code: an export that can live in version control (no ids, no timestamps, no connections or
 * secrets; keys sorted and indented, so a change is a small diff) and an import that recreates the project
 * on another connection set, renaming roles on the way, so a project moves from dev to prod.
 */
@Path("projects")
@Produces(MediaType.APPLICATION_JSON)
public class ProjectCodeResource {
    /** The version of the export format; an import refuses formats it does not know. */
    static final int FORMAT = 1;
    private static final ObjectMapper STABLE = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT).enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    /**
     * A project as code.
     *
     * @param format         the export format version
     * @param name           the project's name
     * @param template       the template it came from, or null
     * @param errorTolerance failed records a run may have ({@code -1} any)
     * @param roles          role to connector type, for every role the tasks use
     * @param tasks          the tasks in run order
     */
    public record ProjectExport(Integer format, String name, String template, Integer errorTolerance,
                                Map<String, String> roles, List<ExportedTask> tasks) {
    }

    /** A task without its id. */
    public record ExportedTask(String name, List<TaskJson.Leg> legs) {
    }

    /** All projects, for backup. */
    public record ExportAll(Integer format, List<ProjectExport> projects) {
    }

    /**
     * An import.
     *
     * @param project             an export
     * @param name                a new name, or null to keep the export's
     * @param connectionSet       the connection set the project will use
     * @param organizationMapping one of its organization mappings
     * @param roles               renames: the export's role to the set's role; roles not named keep their name
     * @param consent             {@code {"accepted": true}}, as for any new project
     */
    public record ImportRequest(ProjectExport project, String name, String connectionSet, String organizationMapping,
                                Map<String, String> roles, ConsentRequest consent) {
    }

    private final Supplier<ProjectService> projects;
    private final Supplier<ConnectionSetService> sets;
    private final Supplier<ConnectionService> connections;

    public ProjectCodeResource(Supplier<ProjectService> projects, Supplier<ConnectionSetService> sets,
                               Supplier<ConnectionService> connections) {
        this.projects = projects;
        this.sets = sets;
        this.connections = connections;
    }

    @GET
    @Path("{id}/export")
    @ApiDoc(summary = "The project as code: stable, diff-friendly JSON without ids, connections or secrets",
            returns = ProjectExport.class)
    public Response export(@PathParam("id") String id) {
        ProjectInfo p = projects.get().get(id).orElseThrow(() -> ProblemException.notFound("project '" + id + "'"));
        return stable(exported(p));
    }

    @GET
    @Path("export")
    @ApiDoc(summary = "Every project as code, sorted by name, for backup", returns = ExportAll.class)
    public Response exportAll() {
        List<ProjectExport> all = new ArrayList<>();
        projects.get().list().stream().sorted(Comparator.comparing(ProjectInfo::name)).forEach(p -> all.add(exported(p)));
        return stable(new ExportAll(FORMAT, all));
    }

    @POST
    @Path("import")
    @ApiDoc(summary = "Create a project from an export on a connection set, renaming roles; requires consent",
            status = 201, returns = ProjectView.class)
    public Response importProject(ImportRequest body, @Context SecurityContext security) {
        if (body == null || body.project() == null) {
            throw ProblemException.invalid("project", "is required: the JSON of GET /api/projects/{id}/export");
        }
        if (body.consent() == null || !Boolean.TRUE.equals(body.consent().accepted())) {
            throw ProblemException.invalid("consent", "must be {\"accepted\": true}: " + Consent.TEXT
                    + " (consent text version " + Consent.TEXT_VERSION + ")");
        }
        ProjectExport in = body.project();
        if (in.format() == null || in.format() != FORMAT) {
            throw ProblemException.invalid("project.format", "must be " + FORMAT + " (this server's export format)");
        }
        Map<String, String> renames = body.roles() == null ? Map.of() : body.roles();
        ConnectionSetInfo set = sets.get().get(body.connectionSet())
                .orElseThrow(() -> ProblemException.invalid("connectionSet", "does not exist"));
        checkRoles(in, renames, set);
        List<ProjectTask> tasks = new ArrayList<>();
        List<ExportedTask> given = in.tasks() == null ? List.of() : in.tasks();
        for (int i = 0; i < given.size(); i++) {
            ProjectTask task = new TaskJson.TaskRequest(given.get(i).name(), given.get(i).legs(), null).task(null);
            tasks.add(new ProjectTask(null, task.name(), task.legs().stream().map(l -> renamed(l, renames)).toList()));
        }
        String name = body.name() == null || body.name().isBlank() ? in.name() : body.name();
        ProjectInfo created = projects.get().create(new ProjectDraft(name, null, set.id(), body.organizationMapping(), true,
                tasks), ApiUser.actor(security));
        if (in.errorTolerance() != null && in.errorTolerance() != created.errorTolerance()) {
            created = projects.get().update(created.id(), null, null, null, in.errorTolerance(), ApiUser.actor(security));
        }
        return Response.created(URI.create("/api/projects/" + created.id())).entity(ProjectView.of(created)).build();
    }

    private ProjectExport exported(ProjectInfo p) {
        Map<String, String> roles = new TreeMap<>();
        ConnectionSetInfo set = sets.get().get(p.connectionSet()).orElse(null);
        for (ProjectTask t : p.tasks()) {
            for (LegTemplate l : t.legs()) {
                for (String role : List.of(l.sourceRole(), l.targetRole())) {
                    roles.put(role, typeOf(set, role));
                }
            }
        }
        List<ExportedTask> tasks = p.tasks().stream()
                .map(t -> new ExportedTask(t.name(), t.legs().stream().map(TaskJson.Leg::of).toList())).toList();
        return new ProjectExport(FORMAT, p.name(), p.template(), p.errorTolerance(), roles, tasks);
    }

    private String typeOf(ConnectionSetInfo set, String role) {
        String connection = set == null ? null : set.connections().get(role);
        return connection == null ? null : connections.get().get(connection).map(c -> c.type()).orElse(null);
    }

    /** Each role the project uses must be a role of the target set, with a connection of the type it had. */
    private void checkRoles(ProjectExport in, Map<String, String> renames, ConnectionSetInfo set) {
        Map<String, String> roles = in.roles() == null ? Map.of() : in.roles();
        List<FieldProblem> problems = new ArrayList<>();
        for (Map.Entry<String, String> role : new LinkedHashMap<>(roles).entrySet()) {
            String target = renames.getOrDefault(role.getKey(), role.getKey());
            String type = typeOf(set, target);
            if (type == null) {
                problems.add(new FieldProblem("roles." + role.getKey(), "the connection set has no '" + target
                        + "' connection; map the role to one of " + set.connections().keySet()));
            } else if (role.getValue() != null && !role.getValue().equals(type)) {
                problems.add(new FieldProblem("roles." + role.getKey(), "'" + target + "' is a " + type
                        + " connection, but the project used a " + role.getValue() + " one"));
            }
        }
        if (!problems.isEmpty()) {
            throw new org.ferry.api.error.ConfigurationException(problems);
        }
    }

    static LegTemplate renamed(LegTemplate l, Map<String, String> renames) {
        return new LegTemplate(renames.getOrDefault(l.sourceRole(), l.sourceRole()), l.sourceEntity(),
                renames.getOrDefault(l.targetRole(), l.targetRole()), l.targetEntity(), l.mappings(), l.filter(),
                l.businessKey(), l.deletes(), l.keyMap(), l.deactivation());
    }

    private static Response stable(Object body) {
        return Response.ok(stableJson(body), MediaType.APPLICATION_JSON).build();
    }

    /** The export's text: keys sorted and indented, ending in a newline. */
    static String stableJson(Object body) {
        try {
            return STABLE.writeValueAsString(body) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
