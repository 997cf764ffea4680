package org.ferry.runtime.internal.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.ferry.runtime.internal.cluster.Membership;
import org.ferry.runtime.internal.cluster.NodeSettings;
import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.internal.store.LeaseLostException;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.RunInfo;
import org.ferry.runtime.management.RunStatus;
import org.ferry.store.Dialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's share of the runs: it claims queued runs, and runs whose lease ran out (their node died or paused), while
 * this node should take more ({@link Membership#shouldClaim}), holds each by a lease with a fencing token
 * ({@link RunLease}, renewed by {@link LiveRuns}), and executes it on a thread of its own below the admin API's
 * priority ({@link BackgroundPriority}). {@link RunManager} owns it and keeps what the API sees of a run.
 *
 * <p>Claims come from the timer (every poll period, and at once when an attempt ends and frees a slot) and from the
 * caller that queued a run; one lock orders them with each other and with {@link #close()}, so a claim never starts
 * an attempt once closing began. On a store of its own (embedded Derby) this node is the only one: at start it marks
 * the runs a crashed process left RUNNING as INTERRUPTED, and at close it asks live runs to stop at their next batch
 * boundary and waits for them, so their checkpoints are consistent. On a shared store (a cluster) a closing node hands
 * its runs over instead, at their next batch boundary, and another node continues them.
 */
final class RunClaimer {
    private static final Logger LOG = LoggerFactory.getLogger(RunClaimer.class);
    /** How long closing waits for this node's runs to stop, and then for the timer's task under way. */
    static final Duration STOP_WAIT = Duration.ofSeconds(25);

    private final RunEnvironment env;
    private final RunStore store;
    private final Database db;
    private final RunManager.ProjectSource projects;
    private final Membership membership;
    /** The keys of the records a run failed, which its replay retries. */
    private final Function<String, Map<String, Set<String>>> failedKeys;
    /** Tells watchers a run's change (action, run id). */
    private final BiConsumer<String, String> publish;
    /** Tells the listeners a run that ended here, with its project. */
    private final BiConsumer<ProjectInfo, RunInfo> finished;
    private final LiveRuns live;
    private final Object claiming = new Object();
    private volatile boolean closing;
    /** Waiters on the end of an attempt here ({@link RunManager#await}). */
    private final Map<String, CompletableFuture<RunInfo>> futures = new ConcurrentHashMap<>();
    /** The executors of live runs, which answer {@link RunManager#get} from memory while they count. */
    private final Map<String, RunExecutor> executing = new ConcurrentHashMap<>();
    /** A thread per run, below the admin API's priority ({@link BackgroundPriority}). */
    private final ExecutorService runs = Executors.newThreadPerTaskExecutor(BackgroundPriority.threads("ferry-run-"));
    /** Renewals and claims: the manager's timer, which it stops after {@link #close()}, once the runs ended. */
    private final ScheduledExecutorService housekeeping;
    /** This claimer's gauge of live runs, removed when it closes: a later one registers its own. */
    private final io.micrometer.core.instrument.Gauge liveGauge;

    /**
     * @param housekeeping the timer it renews leases and claims on; its owner stops it after {@link #close()}, since
     *                     the leases of the runs still ending are renewed on it until then
     */
    RunClaimer(RunEnvironment env, RunStore store, Database db, RunManager.ProjectSource projects, Membership membership,
               ScheduledExecutorService housekeeping, Function<String, Map<String, Set<String>>> failedKeys,
               BiConsumer<String, String> publish, BiConsumer<ProjectInfo, RunInfo> finished) {
        this.env = env;
        this.store = store;
        this.db = db;
        this.projects = projects;
        this.membership = membership;
        this.housekeeping = housekeeping;
        this.failedKeys = failedKeys;
        this.publish = publish;
        this.finished = finished;
        NodeSettings node = membership.settings();
        this.live = new LiveRuns(store, node.lease());
        if (!db.shared()) {
            int orphans = store.claims().interruptOrphans("the server stopped while this run was in progress");
            if (orphans > 0) {
                LOG.warn("{} run(s) left running by a previous process are now INTERRUPTED", orphans);
            }
        } else if (membership.replacedPrevious()) {
            int freed = store.claims().expireLeasesOf(node.id());
            if (freed > 0) {
                LOG.warn("{} run(s) of this node's previous process are free to be taken over", freed);
            }
        }
        housekeeping.scheduleWithFixedDelay(live::renew, node.renew().toMillis(), node.renew().toMillis(),
                TimeUnit.MILLISECONDS);
        housekeeping.scheduleWithFixedDelay(this::claimWaiting, node.poll().toMillis(), node.poll().toMillis(),
                TimeUnit.MILLISECONDS);
        liveGauge = io.micrometer.core.instrument.Gauge.builder("ferry.runs.live", live, LiveRuns::count)
                .description("runs this node runs now").register(io.micrometer.core.instrument.Metrics.globalRegistry);
    }

    /** Claims waiting runs while this node should take more: queued ones, and those whose node lost the lease. */
    void claimWaiting() {
        if (closing) {
            return;
        }
        try {
            for (String id : store.claims().claimable(membership.settings().runSlots() * 2)) {
                if (!claim(id) && live.count() >= membership.settings().runSlots()) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("Looking for runs to claim failed: {}", e.getMessage());
        }
    }

    /**
     * A run still executing here is not claimed again, though its lease ran out in the store (this node's writes held
     * its renewal back, or the node paused): that attempt stops at its next write, which the fence refuses, and the run
     * is claimed once it has ended. A second attempt beside it would share its waiters and lose its own lease.
     *
     * @return whether this node claimed the run and started executing it
     */
    boolean claim(String runId) {
        synchronized (claiming) {
            if (closing || live.get(runId).isPresent() || !membership.shouldClaim(live.count())) {
                return false;
            }
            Optional<RunClaims.Claim> claim = store.claims().claim(runId, membership.node(), membership.settings().lease().toSeconds());
            claim.ifPresent(this::execute);
            return claim.isPresent();
        }
    }

    /** @return the run as its executor counts it now, if it executes here and has started counting */
    Optional<RunInfo> current(String runId) {
        RunExecutor executor = executing.get(runId);
        return Optional.ofNullable(executor == null ? null : executor.current());
    }

    /** @return the end of this node's attempt at the run, or null when none is under way here */
    CompletableFuture<RunInfo> attempt(String runId) {
        return futures.get(runId);
    }

    /** @return whether the run executes here, now asked to stop at its next batch boundary */
    boolean stop(String runId, RunStatus status, String reason) {
        Optional<LiveRuns.LiveRun> here = live.get(runId);
        here.ifPresent(r -> r.stop().request(status, reason));
        return here.isPresent();
    }

    private void execute(RunClaims.Claim claim) {
        RunInfo run = claim.run();
        RunLease lease = new RunLease(run.id(), claim.token(), membership.node(), db.dialect(), membership.settings().lease());
        RunStop stop = new RunStop(lease);
        if (claim.stopRequest() != null) {
            stop.request(RunStatus.valueOf(claim.stopRequest()), claim.stopReason());
        }
        LiveRuns.LiveRun here = new LiveRuns.LiveRun(stop, lease);
        live.add(run.id(), here);
        CompletableFuture<RunInfo> future = futures.computeIfAbsent(run.id(), k -> new CompletableFuture<>());
        runs.execute(() -> {
            RunInfo result = null;
            ProjectInfo project = null;
            try {
                project = projects.project(run.projectId()).orElse(null);
                ConnectionSetInfo set = project == null ? null : projects.connectionSet(project.connectionSet()).orElse(null);
                if (claim.takeover()) {
                    String from = claim.previousOwner() == null ? "another node" : "node " + claim.previousOwner();
                    LOG.warn("Run {}: taken over from {}, whose lease ran out; it resumes from its checkpoints", run.id(), from);
                    RunErrors.runWarning(store, run.id(), "node " + membership.node() + " took this run over from " + from
                            + ", whose lease ran out; finished legs were kept and the others resumed from their last"
                            + " checkpoints (records already written were found unchanged)", lease);
                }
                if (project == null) {
                    result = abort(run, lease, "the project no longer exists");
                } else if (set == null) {
                    result = abort(run, lease, "the project's connection set no longer exists");
                } else {
                    Map<String, Set<String>> replay = "replay".equals(run.mode()) && run.rerunOf() != null
                            ? failedKeys.apply(run.rerunOf()) : null;
                    RunExecutor executor = new RunExecutor(env, store, db, project, set, run, stop, replay, lease,
                            claim.takeover() ? run.tasks() : List.of(), action -> publish.accept(action, run.id()));
                    executing.put(run.id(), executor);
                    result = executor.execute();
                }
            } catch (LeaseLostException e) {
                LOG.warn("Run {} stopped on this node without writing anything more: {}", run.id(), e.getMessage());
            } catch (RuntimeException e) {
                if (Dialect.isConnectionLost(e) || stop.leaseLost()) {
                    LOG.warn("Run {} stopped on this node: the store is out of reach ({}); it resumes from its"
                            + " checkpoints once its lease runs out, here or on another node", run.id(), LegRunner.message(e));
                } else {
                    LOG.error("Run {} could not complete", run.id(), e);
                    result = abortQuietly(run, lease, "the run failed: " + LegRunner.message(e));
                }
            } finally {
                executing.remove(run.id());
                live.remove(run.id(), here);
                publish.accept("finished", run.id());
                RunInfo outcome = result;
                if (outcome != null && outcome.status().finished() && project != null) {
                    finished.accept(project, outcome);
                }
                RunInfo now = outcome;
                try {
                    now = store.get(run.id()).orElse(outcome);
                } catch (RuntimeException e) {
                    // the store is out of reach; the waiter gets what this node knows
                }
                future.complete(now != null ? now : run);
                futures.remove(run.id());
                housekeeping.execute(this::claimWaiting); // a slot is free
            }
        });
    }

    private RunInfo abort(RunInfo queued, RunLease lease, String message) {
        try {
            RunErrors.runStopped(store, queued.id(), message, lease);
        } catch (LeaseLostException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("Run {}: the reason it stopped could not be stored among its errors: {}", queued.id(), e.getMessage());
        }
        RunInfo failed = new RunInfo(queued.id(), queued.projectId(), RunStatus.ERROR, queued.trigger(), queued.mode(), null,
                Instant.now(), message, queued.rerunOf(), queued.tasks());
        store.claims().finished(failed, lease);
        return failed;
    }

    private RunInfo abortQuietly(RunInfo run, RunLease lease, String message) {
        try {
            return abort(run, lease, message);
        } catch (RuntimeException e) {
            LOG.warn("Run {}: its end could not be recorded: {}", run.id(), e.getMessage());
            return null;
        }
    }

    /**
     * Stops live runs at their next batch boundary and waits for them: INTERRUPTED on a store of its own; handed
     * over to the other nodes on a shared store.
     */
    void close() {
        synchronized (claiming) {
            closing = true;
        }
        for (LiveRuns.LiveRun r : live.all()) {
            if (db.shared()) {
                r.stop().handOver("node " + membership.node() + " stopped; another node takes the run over");
            } else {
                r.stop().request(RunStatus.INTERRUPTED, "the server stopped during the run");
            }
        }
        runs.shutdown();
        try {
            if (!runs.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Runs did not stop within {} s", STOP_WAIT.toSeconds());
                runs.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        io.micrometer.core.instrument.Metrics.globalRegistry.remove(liveGauge);
    }
}
