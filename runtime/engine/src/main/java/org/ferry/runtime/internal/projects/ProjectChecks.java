package org.ferry.runtime.internal.projects;

import java.util.List;

import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.ValidationProblem;

/**
 * The checks a run makes before it starts (entities and fields exist, mapped types fit, required
 * destination fields mapped or defaulted, keys defined, organizations exist), offered to
 * {@link ProjectManager#validate(String)} so that "validate" and "run" agree. Provided by the run
 * engine as a DS service; when none is registered, validation is structural only.
 *
 * <p>Called only for projects that passed the structural checks: the connection set exists, every
 * role a leg names is a role of the set, the organization mapping is one of the set's, and every
 * connector type involved is deployed. Implementations must be thread-safe; they may contact the
 * connected systems.
 */
public interface ProjectChecks {
    /** @return the problems, empty when the project can run */
    List<ValidationProblem> check(ProjectInfo project);
}
