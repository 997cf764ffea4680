package org.ferry.runtime.internal.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.management.RunInfo;
import org.ferry.runtime.management.RunStatus;

/** Runs put straight into the store, for the tests of claims and leases, which need no project. */
final class TestRuns {
    private TestRuns() {
    }

    /** @return a new full run of a project that need not exist, queued in the store */
    static RunInfo queue(RunStore store) {
        RunInfo run = new RunInfo(UUID.randomUUID().toString(), UUID.randomUUID().toString(), RunStatus.QUEUED, "api",
                "full", null, null, null, null, List.of(), "admin", List.of());
        store.queue(run);
        return run;
    }

    /** @return the lease of a new run that {@code node} claimed for {@code lease} and started */
    static RunLease started(RunStore store, Database db, String node, Duration lease) {
        RunInfo run = queue(store);
        RunClaims.Claim claim = store.claims().claim(run.id(), node, lease.toSeconds()).orElseThrow();
        RunLease held = new RunLease(run.id(), claim.token(), node, db.dialect(), lease);
        store.claims().started(held, Instant.now());
        return held;
    }
}
