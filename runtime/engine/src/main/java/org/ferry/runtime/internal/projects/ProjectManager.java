package org.ferry.runtime.internal.projects;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.ferry.api.template.ProjectTemplate;
import org.ferry.api.template.TaskTemplate;
import org.ferry.runtime.internal.audit.AuditTrail;
import org.ferry.runtime.internal.connections.ConnectionOpener;
import org.ferry.runtime.internal.plugins.ExtensionRegistry;
import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.internal.store.Jdbc;
import org.ferry.runtime.internal.store.RememberedReads;
import org.ferry.runtime.internal.validation.Problems;
import org.ferry.runtime.management.Actor;
import org.ferry.runtime.management.ConflictException;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.ConnectionSetService;
import org.ferry.runtime.management.Consent;
import org.ferry.runtime.management.NotFoundException;
import org.ferry.runtime.management.ProjectDraft;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.ProjectService;
import org.ferry.runtime.management.ProjectTask;
import org.ferry.runtime.management.ValidationProblem;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Projects: created from a template or blank, only with consent (who, when and which consent text are
 * kept, and audited); ordered tasks edited one at a time. Thread-safe: changes are serialised (a
 * task edit rewrites the project's task list, so two concurrent edits must not interleave).
 */
@Component(service = {ProjectService.class, ProjectManager.class})
public class ProjectManager implements ProjectService {
    static final String CONSENT_REQUIRED = "consent is required: data moves between the connected systems, possibly"
            + " from a high-compliance system into a less-compliant one and across regions; accept the privacy"
            + " notice and consent (\"consent\": {\"accepted\": true}) to create the project";

    private final Database database;
    private final ExtensionRegistry registry;
    private final ConnectionSetService sets;
    private final ConnectionOpener connections;
    private final AuditTrail audit;
    private final Clock clock;
    private final ProjectStore store = new ProjectStore();
    private final AtomicReference<ProjectChecks> checks = new AtomicReference<>();
    private final Object writes = new Object();

    @Activate
    public ProjectManager(@Reference Database database, @Reference ExtensionRegistry registry,
                          @Reference ConnectionSetService sets, @Reference ConnectionOpener connections,
                          @Reference AuditTrail audit) {
        this(database, registry, sets, connections, audit, Clock.systemUTC());
    }

    public ProjectManager(Database database, ExtensionRegistry registry, ConnectionSetService sets,
                          ConnectionOpener connections, AuditTrail audit, Clock clock) {
        this.database = database;
        this.registry = registry;
        this.sets = sets;
        this.connections = connections;
        this.audit = audit;
        this.clock = clock;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    public void bindChecks(ProjectChecks c) {
        checks.set(c);
    }

    public void unbindChecks(ProjectChecks c) {
        checks.compareAndSet(c, null);
    }

    @Override
    public List<ProjectInfo> list() {
        return remembered().get("all", () -> List.copyOf(Jdbc.read(database, store::all)));
    }

    @Override
    public Optional<ProjectInfo> get(String id) {
        return id == null ? Optional.empty() : remembered().get(List.of("find", id), () -> Jdbc.read(database, c -> store.find(c, id)));
    }

    private RememberedReads remembered() {
        return database.remembered("projects");
    }

    /** After a write of projects committed; a deletion takes the project's runs with it. */
    private void changed(boolean runsToo) {
        remembered().changed();
        if (runsToo) {
            database.remembered("runs").changed();
        }
    }

    @Override
    public ProjectInfo create(ProjectDraft draft, Actor actor) {
        Problems problems = new Problems();
        problems.name("name", draft.name());
        if (!draft.consentAccepted()) {
            problems.add("consent", CONSENT_REQUIRED);
        }
        Optional<ConnectionSetInfo> set = connectionSet(draft.connectionSet(), problems);
        String mapping = set.map(s -> ProjectStructure.mapping(s, draft.organizationMapping(), problems)).orElse(null);
        String templateId = draft.template() == null || draft.template().isBlank() ? null : draft.template();
        List<ProjectTask> tasks = new ArrayList<>();
        if (templateId != null) {
            Optional<ProjectTemplate> template = registry.template(templateId);
            if (template.isEmpty()) {
                problems.add("template", "template '" + templateId + "' is not deployed");
            } else {
                set.ifPresent(s -> TemplateMatcher.missing(template.get(), s, connections::connectorType)
                        .forEach(m -> problems.add("connectionSet", m)));
                for (TaskTemplate t : template.get().tasks()) {
                    tasks.add(TaskRules.withNewId(new ProjectTask(null, t.name(), t.legs()), tasks));
                }
            }
        } else {
            Set<String> roles = set.map(s -> s.connections().keySet()).orElse(Set.of());
            for (int i = 0; i < draft.tasks().size(); i++) {
                ProjectTask task = draft.tasks().get(i);
                if (set.isPresent()) {
                    TaskRules.check(task, roles, "tasks[" + i + "]", problems);
                }
                tasks.add(TaskRules.withNewId(task, tasks));
            }
            TaskRules.uniqueNames(tasks, "tasks", problems);
        }
        problems.throwIfAny();
        Instant now = now();
        Consent consent = new Consent(true, actor.username(), now, Consent.TEXT_VERSION);
        ProjectInfo project = new ProjectInfo(UUID.randomUUID().toString(), draft.name().strip(), templateId,
                set.get().id(), mapping, consent, tasks, -1, now, now);
        synchronized (writes) {
            insert(project, actor);
        }
        return get(project.id()).orElseThrow();
    }

    private void insert(ProjectInfo project, Actor actor) {
        try {
            Jdbc.inTransaction(database, Jdbc.uniqueName(ProjectStore.UNIQUE_NAME, "project", project.name(), c -> {
                store.insert(c, project);
                String subject = subject(project.id());
                audit.record(c, actor, "consent.accept", subject, "project '" + project.name() + "', consent text version "
                        + Consent.TEXT_VERSION);
                audit.record(c, actor, "project.create", subject, "name=" + project.name()
                        + (project.template() == null ? ", blank" : ", template=" + project.template())
                        + ", connectionSet=" + project.connectionSet() + ", organizationMapping="
                        + project.organizationMapping() + ", tasks=" + project.tasks().size());
                return null;
            }));
            changed(false);
        } catch (Jdbc.StoreException e) {
            if (Jdbc.isForeignKeyViolation(e.sqlException())) {
                throw new ConflictException("the connection set was deleted while the project was being created");
            }
            throw e;
        }
    }

    @Override
    public ProjectInfo update(String id, String name, String connectionSet, String organizationMapping,
                              int errorTolerance, Actor actor) {
        synchronized (writes) {
            ProjectInfo current = require(id);
            Problems problems = new Problems();
            String newName = current.name();
            if (name != null && problems.name("name", name)) {
                newName = name.strip();
            }
            if (errorTolerance < -1) {
                problems.add("errorTolerance", "must be -1 (any number of failed records), 0 (none) or a positive"
                        + " number of failed records");
            }
            String setId = connectionSet == null ? current.connectionSet() : connectionSet;
            Optional<ConnectionSetInfo> set = connectionSet(setId, problems);
            String mapping = null;
            if (set.isPresent()) {
                ConnectionSetInfo s = set.get();
                mapping = ProjectStructure.mapping(s, organizationMapping != null ? organizationMapping
                        : s.organizationMappings().isEmpty() ? null : current.organizationMapping(), problems);
                if (!s.id().equals(current.connectionSet())) {
                    servesTasks(current, s, problems);
                }
            }
            problems.throwIfAny();
            List<String> changed = new ArrayList<>();
            if (!newName.equals(current.name())) {
                changed.add("name");
            }
            if (!setId.equals(current.connectionSet())) {
                changed.add("connectionSet=" + setId);
            }
            if (!java.util.Objects.equals(mapping, current.organizationMapping())) {
                changed.add("organizationMapping=" + mapping);
            }
            if (errorTolerance != current.errorTolerance()) {
                changed.add("errorTolerance=" + errorTolerance);
            }
            ProjectInfo updated = new ProjectInfo(id, newName, current.template(), setId, mapping, current.consent(),
                    current.tasks(), errorTolerance, current.createdAt(), now());
            write(updated, actor, "project.update", changed.isEmpty() ? "no change" : "changed: " + String.join(", ", changed));
            return get(id).orElseThrow();
        }
    }

    @Override
    public void delete(String id, Actor actor) {
        synchronized (writes) {
            ProjectInfo current = require(id);
            // serializable: a run that takes the lock now waits for this transaction, or this one sees its lock
            try {
                Jdbc.inTransaction(database, Connection.TRANSACTION_SERIALIZABLE, c -> {
                    if (org.ferry.runtime.internal.store.ProjectLocks.held(c, id)) {
                        throw new ConflictException("project '" + current.name() + "' has a run queued or running;"
                                + " cancel it or wait for it to end");
                    }
                    store.delete(c, id);
                    audit.record(c, actor, "project.delete", subject(id), "name=" + current.name());
                    return null;
                });
            } finally {
                changed(true); // the runs' readers read without locks: they may have seen the deletion before a rollback
            }
        }
    }

    @Override
    public ProjectTask addTask(String projectId, ProjectTask task, Integer position, Actor actor) {
        synchronized (writes) {
            ProjectInfo project = require(projectId);
            List<ProjectTask> tasks = new ArrayList<>(project.tasks());
            Problems problems = new Problems();
            checkTask(project, task, problems);
            int index = TaskRules.position(position, tasks.size(), problems);
            ProjectTask added = TaskRules.withNewId(task, tasks);
            tasks.add(index, added);
            TaskRules.uniqueNames(tasks, "tasks", problems);
            problems.throwIfAny();
            write(withTasks(project, tasks), actor, "task.create", "task '" + added.name() + "' (" + added.id()
                    + ") at position " + index);
            return added;
        }
    }

    @Override
    public ProjectTask updateTask(String projectId, String taskId, ProjectTask task, Integer position, Actor actor) {
        synchronized (writes) {
            ProjectInfo project = require(projectId);
            List<ProjectTask> tasks = new ArrayList<>(project.tasks());
            int at = indexOf(tasks, taskId);
            Problems problems = new Problems();
            checkTask(project, task, problems);
            ProjectTask updated = TaskRules.normalize(new ProjectTask(taskId, task.name(), task.legs()));
            tasks.remove(at);
            int index = position == null ? at : TaskRules.position(position, tasks.size(), problems);
            tasks.add(index, updated);
            TaskRules.uniqueNames(tasks, "tasks", problems);
            problems.throwIfAny();
            write(withTasks(project, tasks), actor, "task.update", "task '" + updated.name() + "' (" + taskId + ")"
                    + (index == at ? "" : " moved from position " + at + " to " + index));
            return updated;
        }
    }

    @Override
    public void deleteTask(String projectId, String taskId, Actor actor) {
        synchronized (writes) {
            ProjectInfo project = require(projectId);
            List<ProjectTask> tasks = new ArrayList<>(project.tasks());
            ProjectTask removed = tasks.remove(indexOf(tasks, taskId));
            write(withTasks(project, tasks), actor, "task.delete", "task '" + removed.name() + "' (" + taskId + ")");
        }
    }

    @Override
    public List<ValidationProblem> validate(String projectId) {
        ProjectInfo project = require(projectId);
        Optional<ConnectionSetInfo> set = sets.get(project.connectionSet());
        List<ValidationProblem> problems = ProjectStructure.problems(project, set, connections::connectorType,
                type -> registry.connectorFactory(type).isPresent());
        ProjectChecks run = checks.get();
        if (!problems.isEmpty() || run == null) {
            return problems;
        }
        try {
            return List.copyOf(run.check(project));
        } catch (RuntimeException e) {
            return List.of(new ValidationProblem(null, null, null, "the project could not be checked: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
        }
    }

    private void checkTask(ProjectInfo project, ProjectTask task, Problems problems) {
        if (task == null) {
            problems.add("task", "is required");
            problems.throwIfAny();
        }
        Set<String> roles = sets.get(project.connectionSet()).map(s -> s.connections().keySet()).orElse(Set.of());
        TaskRules.check(task, roles, "", problems);
    }

    /** Switching sets must keep every role the tasks use, and still serve the template if it is deployed. */
    private void servesTasks(ProjectInfo project, ConnectionSetInfo set, Problems problems) {
        Set<String> reported = new HashSet<>();
        for (ProjectTask task : project.tasks()) {
            task.legs().forEach(leg -> List.of(leg.sourceRole(), leg.targetRole()).forEach(role -> {
                if (!set.connections().containsKey(role) && reported.add(role)) {
                    problems.add("connectionSet", "connection set '" + set.name() + "' has no '" + role
                            + "' connection, which task '" + task.name() + "' uses");
                }
            }));
        }
        if (project.template() != null) {
            registry.template(project.template()).ifPresent(t -> TemplateMatcher.missing(t, set,
                    connections::connectorType).forEach(m -> problems.add("connectionSet", m)));
        }
    }

    private Optional<ConnectionSetInfo> connectionSet(String id, Problems problems) {
        if (id == null || id.isBlank()) {
            problems.add("connectionSet", "is required");
            return Optional.empty();
        }
        Optional<ConnectionSetInfo> set = sets.get(id);
        if (set.isEmpty()) {
            problems.add("connectionSet", "connection set '" + id + "' does not exist");
        }
        return set;
    }

    private static int indexOf(List<ProjectTask> tasks, String taskId) {
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i).id().equals(taskId)) {
                return i;
            }
        }
        throw new NotFoundException("task '" + taskId + "'");
    }

    private ProjectInfo withTasks(ProjectInfo p, List<ProjectTask> tasks) {
        return new ProjectInfo(p.id(), p.name(), p.template(), p.connectionSet(), p.organizationMapping(), p.consent(),
                tasks, p.errorTolerance(), p.createdAt(), now());
    }

    private void write(ProjectInfo project, Actor actor, String action, String detail) {
        Jdbc.inTransaction(database, Jdbc.uniqueName(ProjectStore.UNIQUE_NAME, "project", project.name(), c -> {
            store.update(c, project);
            audit.record(c, actor, action, subject(project.id()), detail);
            return null;
        }));
        changed(false);
    }

    /** What a change starts from: read from the store itself, not from what was remembered. */
    private ProjectInfo require(String id) {
        return (id == null ? Optional.<ProjectInfo>empty() : Jdbc.read(database, c -> store.find(c, id)))
                .orElseThrow(() -> new NotFoundException("project '" + id + "'"));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    static String subject(String id) {
        return "project:" + id;
    }
}
