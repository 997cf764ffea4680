package org.ferry.runtime.internal.run;

import org.ferry.runtime.internal.store.Database;

/**
 * What a leg's writer works with besides its plan: the run, the store, the leg's counts and errors.
 *
 * @param full whether the run writes everything again, unchanged records too
 */
record LegContext(Database db, String projectId, String runId, boolean full, RunProgress.Leg counts, RunErrors errors) {
}
