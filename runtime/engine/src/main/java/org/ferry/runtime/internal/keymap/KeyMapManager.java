package org.ferry.runtime.internal.keymap;

import java.sql.Connection;
import java.util.List;
import java.util.Optional;

import org.ferry.api.error.ConfigurationException;
import org.ferry.api.template.LegTemplate;
import org.ferry.runtime.internal.audit.AuditTrail;
import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.internal.store.Jdbc;
import org.ferry.runtime.internal.store.ProjectLocks;
import org.ferry.runtime.management.Actor;
import org.ferry.runtime.management.ConflictException;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.ConnectionSetService;
import org.ferry.runtime.management.KeyMapEntry;
import org.ferry.runtime.management.KeyMapService;
import org.ferry.runtime.management.NotFoundException;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.ProjectService;
import org.ferry.runtime.management.ProjectTask;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Shows and edits key maps by project, task and leg: the leg's connections (through the project's current
 * connection set) and entities name the map, which other projects syncing the same pair share.
 */
@Component(service = KeyMapService.class)
public class KeyMapManager implements KeyMapService {
    private final Database db;
    private final KeyMapStore store;
    private final ProjectService projects;
    private final ConnectionSetService sets;
    private final AuditTrail audit;

    @Activate
    public KeyMapManager(@Reference Database db, @Reference ProjectService projects, @Reference ConnectionSetService sets,
                         @Reference AuditTrail audit) {
        this.db = db;
        this.store = new KeyMapStore(db);
        this.projects = projects;
        this.sets = sets;
        this.audit = audit;
    }

    @Override
    public List<KeyMapEntry> entries(String projectId, String taskId, int leg, String sourceId, int offset, int limit) {
        if (offset < 0) {
            throw new ConfigurationException("offset", "must be 0 or more");
        }
        if (limit < 1 || limit > 1000) {
            throw new ConfigurationException("limit", "must be between 1 and 1000");
        }
        return map(projectId, taskId, leg).map(id -> store.list(id, blankToNull(sourceId), offset, limit))
                .orElse(List.of());
    }

    @Override
    public int forget(String projectId, String taskId, int leg, String sourceId, Actor actor) {
        Optional<Integer> mapId = map(projectId, taskId, leg);
        String only = blankToNull(sourceId);
        return Jdbc.inTransaction(db, Connection.TRANSACTION_SERIALIZABLE, c -> {
            if (ProjectLocks.held(c, projectId)) {
                throw new ConflictException("the project has a run queued or running; forget key-map entries"
                        + " when it has ended");
            }
            if (mapId.isEmpty()) {
                return 0;
            }
            int forgotten = KeyMapStore.forget(c, mapId.get(), only);
            audit.record(c, actor, "keymap.forget", "project:" + projectId, "task=" + taskId + " leg=" + leg
                    + (only == null ? " all" : " sourceId=" + only) + " forgotten=" + forgotten);
            return forgotten;
        });
    }

    /** @return the leg's map, empty if nothing was written through it yet */
    private Optional<Integer> map(String projectId, String taskId, int leg) {
        ProjectInfo project = projects.get(projectId).orElseThrow(() -> new NotFoundException("project '" + projectId + "'"));
        ProjectTask task = project.tasks().stream().filter(t -> t.id().equals(taskId)).findFirst()
                .orElseThrow(() -> new NotFoundException("task '" + taskId + "'"));
        if (leg < 0 || leg >= task.legs().size()) {
            throw new NotFoundException("leg " + leg + " of task '" + task.name() + "' (it has " + task.legs().size() + ")");
        }
        LegTemplate l = task.legs().get(leg);
        if (!l.keyMap()) {
            throw new ConfigurationException("leg", "leg " + leg + " of task '" + task.name() + "' matches records by"
                    + " business key; only key-map legs have a key map");
        }
        ConnectionSetInfo set = sets.get(project.connectionSet())
                .orElseThrow(() -> new NotFoundException("connection set '" + project.connectionSet() + "'"));
        String source = set.connections().get(l.sourceRole());
        String target = set.connections().get(l.targetRole());
        if (source == null || target == null) {
            return Optional.empty();
        }
        return store.findMap(new KeyMapPair(source, l.sourceEntity(), target, l.targetEntity()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
