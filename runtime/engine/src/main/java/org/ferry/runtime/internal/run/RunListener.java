package org.ferry.runtime.internal.run;

import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.RunInfo;

/**
 * Told when a run has ended. Registered as a service inside the engine (notifications); called on the
 * run's thread after the outcome is stored, so it must return quickly and hand slow work elsewhere.
 */
public interface RunListener {
    void finished(ProjectInfo project, RunInfo run);
}
