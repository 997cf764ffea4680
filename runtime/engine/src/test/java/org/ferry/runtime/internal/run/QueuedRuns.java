package org.ferry.runtime.internal.run;

import java.util.List;
import java.util.UUID;

import org.ferry.runtime.management.RunInfo;
import org.ferry.runtime.management.RunStatus;

/** Runs put straight into the store's queue, for the tests of claims and leases, which need no project. */
final class QueuedRuns {
    private QueuedRuns() {
    }

    /** @return a new full run of a project that need not exist, queued in the store */
    static RunInfo queue(RunStore store) {
        RunInfo run = new RunInfo(UUID.randomUUID().toString(), UUID.randomUUID().toString(), RunStatus.QUEUED, "api",
                "full", null, null, null, null, List.of(), "admin", List.of());
        store.queue(run);
        return run;
    }
}
