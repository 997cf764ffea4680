package org.ferry.runtime.internal.run;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.ferry.runtime.management.RunStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs this node executes, each with its lease, and the renewal of those leases: every renewal period each
 * lease is extended from the store's now, and the stop another node asked for (a cancel sent to any node) is
 * passed on. A renewal the store refuses means another node holds the run: this node stops it at once and writes
 * nothing more for it. A renewal that cannot reach the store changes nothing; the lease then lapses here after its
 * duration, so a node cut off from the store stops acting for runs others may take over.
 */
final class LiveRuns {
    private static final Logger LOG = LoggerFactory.getLogger(LiveRuns.class);

    /** A run executing here. */
    record LiveRun(RunStop stop, RunLease lease) {
    }

    private final Map<String, LiveRun> runs = new ConcurrentHashMap<>();
    private final RunStore store;
    private final Duration lease;
    private volatile boolean unreachable;

    LiveRuns(RunStore store, Duration lease) {
        this.store = store;
        this.lease = lease;
    }

    void add(String runId, LiveRun run) {
        runs.put(runId, run);
    }

    /** Forgets a run's attempt, not another attempt of the same run registered since. */
    void remove(String runId, LiveRun run) {
        runs.remove(runId, run);
    }

    Optional<LiveRun> get(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    int count() {
        return runs.size();
    }

    java.util.Collection<LiveRun> all() {
        return runs.values();
    }

    /** Renews every lease once; called every renewal period. */
    void renew() {
        for (LiveRun run : runs.values()) {
            if (run.lease().isLost()) {
                continue;
            }
            long asked = System.nanoTime();
            try {
                String[] stop = store.claims().renew(run.lease(), lease.toSeconds());
                if (stop == null) {
                    run.lease().lost("another node took the run over (its lease ran out here)");
                    run.stop().request(RunStatus.INTERRUPTED, "another node took the run over");
                    LOG.warn("Run {}: another node holds its lease now; this node stops it and writes nothing more for it",
                            run.lease().runId());
                    continue;
                }
                run.lease().renewed(asked);
                if (stop.length == 2) {
                    run.stop().request(RunStatus.valueOf(stop[0]), stop[1]);
                }
                if (unreachable) {
                    LOG.info("Leases renewed again: the store is back");
                    unreachable = false;
                }
            } catch (RuntimeException e) {
                if (!unreachable) {
                    LOG.warn("Cannot renew run leases, the store is out of reach ({}); runs stop here if it stays so for"
                            + " {} s", e.getMessage(), lease.toSeconds());
                    unreachable = true;
                }
            }
        }
    }
}
