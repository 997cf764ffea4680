package org.ferry.runtime.internal.run;

import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.internal.store.Fence;

/**
 * What a leg's writer works with besides its plan: the run, the store, the leg's counts and errors.
 *
 * @param full  whether the run writes everything again, unchanged records too
 * @param fence the run's lease, checked by every write of the leg to the store
 * @param stop  why the run stops, and whether this node still holds its lease (checked before each call to a target)
 */
record LegContext(Database db, String projectId, String runId, boolean full, RunProgress.Leg counts, RunErrors errors,
                  Fence fence, RunStop stop) {
}
