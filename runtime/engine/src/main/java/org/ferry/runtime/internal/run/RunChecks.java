package org.ferry.runtime.internal.run;

import java.util.List;

import org.ferry.runtime.internal.connections.ConnectionOpener;
import org.ferry.runtime.internal.plugins.ExtensionRegistry;
import org.ferry.runtime.internal.projects.ProjectChecks;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.ConnectionSetService;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.ValidationProblem;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Offers a run's own preparation to project validation, so "validate" and "run" always agree. A
 * component of its own rather than part of the run service: the project service uses these checks and
 * the run service uses the project service, and one component in both roles would be a cycle.
 */
@Component(service = ProjectChecks.class)
public class RunChecks implements ProjectChecks {
    private final RunEnvironment env;
    private final ConnectionSetService sets;

    @Activate
    public RunChecks(@Reference ExtensionRegistry registry, @Reference ConnectionOpener opener,
                     @Reference ConnectionSetService sets) {
        this.env = new PluginEnvironment(registry, opener);
        this.sets = sets;
    }

    @Override
    public List<ValidationProblem> check(ProjectInfo project) {
        ConnectionSetInfo set = sets.get(project.connectionSet()).orElse(null);
        if (set == null) {
            return List.of(new ValidationProblem(null, null, "connectionSet", "the connection set does not exist"));
        }
        try (RunPreparation prepared = RunPreparation.prepare(env, project, set)) {
            return prepared.problems();
        }
    }
}
