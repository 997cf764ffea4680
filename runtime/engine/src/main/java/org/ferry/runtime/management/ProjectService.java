package org.ferry.runtime.management;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Projects and their tasks. Creating one from a template checks that the connection set serves the
 * template's roles (it may have more connections than needed). Same error conventions as
 * {@link ConnectionService}.
 */
@ProviderType
public interface ProjectService {
    List<ProjectInfo> list();

    Optional<ProjectInfo> get(String id);

    /** @throws org.ferry.api.error.ConfigurationException without consent (field {@code consent}) or with bad references */
    ProjectInfo create(ProjectDraft draft, Actor actor);

    /** Renames, switches connection set or mapping, or changes the error tolerance; tasks are kept. */
    ProjectInfo update(String id, String name, String connectionSet, String organizationMapping, int errorTolerance,
                       Actor actor);

    /** @throws ConflictException while it runs */
    void delete(String id, Actor actor);

    ProjectTask addTask(String projectId, ProjectTask task, Integer position, Actor actor);

    ProjectTask updateTask(String projectId, String taskId, ProjectTask task, Integer position, Actor actor);

    void deleteTask(String projectId, String taskId, Actor actor);

    /** @return the checks a run makes first, as problems; empty when the project can run */
    List<ValidationProblem> validate(String projectId);
}
