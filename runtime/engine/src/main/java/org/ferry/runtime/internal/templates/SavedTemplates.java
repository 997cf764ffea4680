package org.ferry.runtime.internal.templates;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.ferry.api.error.ConfigurationException;
import org.ferry.api.template.ConnectionRole;
import org.ferry.api.template.LegTemplate;
import org.ferry.api.template.ProjectTemplate;
import org.ferry.api.template.TaskTemplate;
import org.ferry.api.template.TemplateProvider;
import org.ferry.runtime.internal.audit.AuditTrail;
import org.ferry.runtime.internal.connections.ConnectionOpener;
import org.ferry.runtime.internal.plugins.ExtensionRegistry;
import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.internal.store.Jdbc;
import org.ferry.runtime.internal.store.StoreJson;
import org.ferry.runtime.management.Actor;
import org.ferry.runtime.management.ConflictException;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.ConnectionSetService;
import org.ferry.runtime.management.NotFoundException;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.ProjectService;
import org.ferry.runtime.management.ProjectTask;
import org.ferry.runtime.management.TemplateService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Templates saved from projects. It is itself a {@link TemplateProvider} on the whiteboard, so saved
 * templates are listed and used exactly as bundles' templates are.
 */
@Component(service = {TemplateService.class, TemplateProvider.class})
public class SavedTemplates implements TemplateService, TemplateProvider {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private final Database database;
    private final AuditTrail audit;
    private final ProjectService projects;
    private final ConnectionSetService sets;
    private final ConnectionOpener connections;
    private final ExtensionRegistry registry;
    private final Object saves = new Object();

    @Activate
    public SavedTemplates(@Reference Database database, @Reference AuditTrail audit, @Reference ProjectService projects,
                          @Reference ConnectionSetService sets, @Reference ConnectionOpener connections,
                          @Reference ExtensionRegistry registry) {
        this.database = database;
        this.audit = audit;
        this.projects = projects;
        this.sets = sets;
        this.connections = connections;
        this.registry = registry;
    }

    @Override
    public List<ProjectTemplate> templates() {
        return Jdbc.read(database, c -> {
            List<ProjectTemplate> result = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT body FROM saved_templates ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(StoreJson.read(rs.getString(1), ProjectTemplate.class));
                }
            }
            return result;
        });
    }

    @Override
    public ProjectTemplate saveProject(String projectId, String id, String name, String description, Actor actor) {
        ProjectInfo project = projects.get(projectId).orElseThrow(() -> new NotFoundException("project " + projectId));
        if (id == null || !ID.matcher(id).matches()) {
            throw new ConfigurationException("id", "must be letters, digits, '.', '-' or '_', starting with a letter or digit");
        }
        if (name == null || name.isBlank()) {
            throw new ConfigurationException("name", "is required");
        }
        ConnectionSetInfo set = sets.get(project.connectionSet())
                .orElseThrow(() -> new NotFoundException("connection set " + project.connectionSet()));
        Map<String, String> roles = new TreeMap<>();
        List<TaskTemplate> tasks = new ArrayList<>();
        for (ProjectTask t : project.tasks()) {
            for (LegTemplate l : t.legs()) {
                for (String role : List.of(l.sourceRole(), l.targetRole())) {
                    String connection = set.connections().get(role);
                    if (connection != null) {
                        roles.put(role, connections.connectorType(connection));
                    }
                }
            }
            tasks.add(new TaskTemplate(t.name(), t.legs()));
        }
        ProjectTemplate template = new ProjectTemplate(id, name.strip(), description == null
                ? "Saved from project '" + project.name() + "'" : description,
                roles.entrySet().stream().map(e -> new ConnectionRole(e.getKey(), e.getValue())).toList(), tasks, List.of());
        // checking and storing together: ids that differ only by case are different keys to the store
        synchronized (saves) {
            if (registry.templateIgnoringCase(id).isPresent()) {
                throw taken(id);
            }
            insert(id, template, projectId, actor);
        }
        return template;
    }

    private void insert(String id, ProjectTemplate template, String projectId, Actor actor) {
        try {
            Jdbc.inTransaction(database, c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO saved_templates(id, body, saved_by, saved_at)"
                        + " VALUES (?, ?, ?, CURRENT_TIMESTAMP)")) {
                    ps.setString(1, id);
                    ps.setString(2, StoreJson.write(template));
                    ps.setString(3, actor.username());
                    ps.executeUpdate();
                }
                audit.record(c, actor, "template.save", "template:" + id, "from project " + projectId);
                return null;
            });
        } catch (Jdbc.StoreException e) {
            // two saves of one id at once: the primary key lets one through, the other is told so
            if (Jdbc.isIntegrityViolation(e.sqlException())) {
                throw taken(id);
            }
            throw e;
        }
    }

    private static ConflictException taken(String id) {
        return new ConflictException("a template with id '" + id + "' exists already (ids are compared without regard"
                + " to case)");
    }

    @Override
    public boolean delete(String id, Actor actor) {
        return Jdbc.inTransaction(database, c -> {
            int n;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM saved_templates WHERE id = ?")) {
                ps.setString(1, id);
                n = ps.executeUpdate();
            }
            if (n > 0) {
                audit.record(c, actor, "template.delete", "template:" + id, null);
            }
            return n > 0;
        });
    }
}
