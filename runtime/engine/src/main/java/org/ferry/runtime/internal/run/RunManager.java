package org.ferry.runtime.internal.run;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.ferry.runtime.internal.cluster.Membership;
import org.ferry.runtime.internal.cluster.NodeSettings;
import org.ferry.runtime.internal.connections.ConnectionOpener;
import org.ferry.runtime.internal.store.StoreTimers;
import org.ferry.runtime.internal.events.ChangeBus;
import org.ferry.runtime.internal.plugins.ExtensionRegistry;
import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.management.ConnectionSetService;
import org.ferry.runtime.management.ProjectService;
import org.ferry.runtime.management.RunService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.ferry.runtime.management.Actor;
import org.ferry.runtime.management.ConflictException;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.NotFoundException;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.ChangeEvent;
import org.ferry.runtime.management.RunErrorGroup;
import org.ferry.runtime.management.RunErrorInfo;
import org.ferry.runtime.management.RunErrorQuery;
import org.ferry.runtime.management.RunInfo;
import org.ferry.runtime.management.RunQuery;
import org.ferry.runtime.management.RunStatus;
import org.ferry.runtime.management.PreviewRecord;
import org.ferry.runtime.management.ProjectTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs as the API sees them: starts them in the background, one live run per project, and keeps the history. A
 * run is queued in the store and claimed by a node with a free run slot (this one at once when it is the least loaded,
 * otherwise whichever node's claimer comes first), which holds it by a lease with a fencing token. The claimers also
 * take over runs whose lease ran out, the runs of a node that died, from their checkpoints. This node's claiming and
 * executing is its {@link RunClaimer}'s, which it creates and closes; it answers for live runs from their executors.
 *
 * <p>Called from any thread: the API's, the scheduler's and the run threads' (which publish changes and tell the
 * listeners). It lives from its activation to {@link #close()}, which stops this node's runs (see {@link RunClaimer}).
 */
@Component(service = {RunService.class, RunManager.class})
public class RunManager implements RunService {
    private static final Logger LOG = LoggerFactory.getLogger(RunManager.class);
    /** Framework property: days of run history to keep (the Data Integrator keeps 45). */
    static final String HISTORY_DAYS = "ferry.history.days";

    /** Loads what a run needs when it starts. */
    public interface ProjectSource {
        Optional<ProjectInfo> project(String projectId);

        Optional<ConnectionSetInfo> connectionSet(String setId);

        /** A source over two look-ups. */
        static ProjectSource of(java.util.function.Function<String, Optional<ProjectInfo>> projects,
                                java.util.function.Function<String, Optional<ConnectionSetInfo>> sets) {
            return new ProjectSource() {
                @Override
                public Optional<ProjectInfo> project(String projectId) {
                    return projects.apply(projectId);
                }

                @Override
                public Optional<ConnectionSetInfo> connectionSet(String setId) {
                    return sets.apply(setId);
                }
            };
        }
    }

    private final RunEnvironment env;
    private final RunStore store;
    private final ProjectSource projects;
    private final Membership membership;
    private final boolean ownsMembership;
    private final List<RunListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final RunClaimer claimer;
    /** Renewals and claims (the claimer's), and the history's purge. */
    private final ScheduledExecutorService housekeeping = StoreTimers.of("ferry-runs", 3);
    /** Where runs' changes are told as they happen ({@code GET /api/events}); absent in tests that do not listen. */
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    private volatile ChangeBus changes;

    @Activate
    public RunManager(@Reference Database db, @Reference ExtensionRegistry registry, @Reference ConnectionOpener opener,
                      @Reference ProjectService projectService, @Reference ConnectionSetService sets,
                      @Reference Membership membership, BundleContext context) {
        this(new PluginEnvironment(registry, opener), db, ProjectSource.of(projectService::get, sets::get),
                historyDays(context.getProperty(HISTORY_DAYS)), membership, false);
    }

    /**
     * The engine outside the framework, a node alone on its store with a membership of its own: for the test harness
     * (runtime/engine's test-jar), which holds its parts.
     */
    public RunManager(RunEnvironment env, Database db, ProjectSource projects, int historyDays) {
        this(env, db, projects, historyDays, new Membership(db, NodeSettings.standalone()), true);
    }

    RunManager(RunEnvironment env, Database db, ProjectSource projects, int historyDays, Membership membership,
               boolean ownsMembership) {
        this.env = env;
        this.store = new RunStore(db);
        this.projects = projects;
        this.membership = membership;
        this.ownsMembership = ownsMembership;
        this.claimer = new RunClaimer(env, store, db, projects, membership, housekeeping, this::failedKeys,
                this::publish, this::finished);
        housekeeping.scheduleWithFixedDelay(() -> purge(historyDays), 1, 24 * 60, TimeUnit.MINUTES);
    }

    @Override
    public RunInfo start(String projectId, String mode, String trigger, Actor actor) {
        return start(projectId, mode, trigger, null, actor);
    }

    public RunInfo start(String projectId, String mode, String trigger, String rerunOf, Actor actor) {
        if (!"incremental".equals(mode) && !"full".equals(mode)) {
            throw new org.ferry.api.error.ConfigurationException("mode", "must be 'incremental' or 'full'");
        }
        return launch(projectId, mode, trigger, rerunOf, actor);
    }

    @Override
    public RunInfo retryFailed(String runId, Actor actor) {
        RunInfo original = store.get(runId).orElseThrow(() -> new NotFoundException("run " + runId));
        if (failedKeys(runId).isEmpty()) {
            throw new org.ferry.api.error.ConfigurationException("runId", "run " + runId + " has no failed records to retry");
        }
        return launch(original.projectId(), "replay", "replay", runId, actor);
    }

    /** @return the keys of the records a run failed, by task and leg ({@link RunExecutor#replayKey}) */
    private Map<String, Set<String>> failedKeys(String runId) {
        Map<String, Set<String>> failed = new HashMap<>();
        for (int offset = 0; ; offset += 1000) {
            List<RunErrorInfo> page = store.errors(runId, offset, 1000);
            for (RunErrorInfo e : page) {
                String key = e.businessKey() != null ? e.businessKey() : e.sourceId();
                if (RunErrors.FAILED.equals(e.kind()) && key != null) {
                    failed.computeIfAbsent(RunExecutor.replayKey(e.task(), e.leg()), k -> new HashSet<>()).add(key);
                }
            }
            if (page.size() < 1000) {
                return failed;
            }
        }
    }

    @Override
    public List<PreviewRecord> preview(String projectId, String taskId, int limit) {
        ProjectInfo project = projects.project(projectId).orElseThrow(() -> new NotFoundException("project " + projectId));
        ProjectTask task = project.tasks().stream().filter(t -> t.id() != null && t.id().equals(taskId)).findFirst()
                .orElseThrow(() -> new NotFoundException("task " + taskId + " of project " + projectId));
        ConnectionSetInfo set = projects.connectionSet(project.connectionSet())
                .orElseThrow(() -> new NotFoundException("connection set " + project.connectionSet()));
        return Previewer.preview(env, project, set, task, limit);
    }

    @Override
    public List<PreviewRecord> preview(String projectId, String taskId, ProjectTask draft, int limit) {
        if (draft == null) {
            return preview(projectId, taskId, limit);
        }
        ProjectInfo project = projects.project(projectId).orElseThrow(() -> new NotFoundException("project " + projectId));
        ProjectTask stored = project.tasks().stream().filter(t -> t.id() != null && t.id().equals(taskId)).findFirst()
                .orElseThrow(() -> new NotFoundException("task " + taskId + " of project " + projectId));
        ConnectionSetInfo set = projects.connectionSet(project.connectionSet())
                .orElseThrow(() -> new NotFoundException("connection set " + project.connectionSet()));
        return Previewer.preview(env, project, set, new ProjectTask(stored.id(), stored.name(), draft.legs()), limit);
    }

    private RunInfo launch(String projectId, String mode, String trigger, String rerunOf, Actor actor) {
        ProjectInfo project = projects.project(projectId).orElseThrow(() -> new NotFoundException("project " + projectId));
        RunInfo queued = new RunInfo(UUID.randomUUID().toString(), projectId, RunStatus.QUEUED, trigger, mode, null, null,
                null, rerunOf, List.of(), Actor.SCHEDULER.equals(actor) || Actor.SYSTEM.equals(actor) ? null : actor.username());
        store.queue(queued);
        publish("queued", queued.id());
        LOG.info("Run {} of project '{}' queued ({}, {}, by {})", queued.id(), project.name(), mode, trigger, actor.username());
        claimer.claim(queued.id());
        return store.get(queued.id()).orElse(queued);
    }

    /**
     * Queues a run in the caller's transaction: a schedule fires its slot and queues the run in one. The caller
     * calls {@link #claimWaiting()} once it committed.
     *
     * @throws ConflictException if the project has a live run
     */
    public RunInfo queue(java.sql.Connection c, String projectId, String mode, String trigger) throws java.sql.SQLException {
        RunInfo queued = new RunInfo(UUID.randomUUID().toString(), projectId, RunStatus.QUEUED, trigger, mode, null, null,
                null, null, List.of());
        store.queue(c, queued);
        return queued;
    }

    /** @return this node's id in the cluster */
    public String node() {
        return membership.node();
    }

    /** Claims waiting runs while this node should take more: queued ones, and those whose node lost the lease. */
    public void claimWaiting() {
        claimer.claimWaiting();
    }

    @Override
    public Optional<RunInfo> get(String runId) {
        return claimer.current(runId).or(() -> store.get(runId));
    }

    @Override
    public List<RunInfo> runsOf(String projectId, int offset, int limit) {
        return store.runsOf(projectId, offset, limit);
    }

    @Override
    public List<RunInfo> runs(RunQuery query, int offset, int limit) {
        return store.runs(query, offset, limit);
    }

    @Override
    public List<RunErrorInfo> errors(String runId, int offset, int limit) {
        if (store.get(runId).isEmpty()) {
            throw new NotFoundException("run " + runId);
        }
        return store.errors(runId, offset, limit);
    }

    @Override
    public List<RunErrorInfo> errors(String runId, RunErrorQuery query, int offset, int limit) {
        require(runId);
        return store.errors().list(runId, query, offset, limit);
    }

    @Override
    public long errorCount(String runId, RunErrorQuery query) {
        require(runId);
        return store.errors().count(runId, query);
    }

    @Override
    public List<RunErrorGroup> errorGroups(String runId, int limit) {
        require(runId);
        return store.errors().groups(runId, limit);
    }

    @Override
    public void eachError(String runId, RunErrorQuery query, java.util.function.Consumer<RunErrorInfo> sink) {
        require(runId);
        store.errors().each(runId, query, sink);
    }

    private RunInfo require(String runId) {
        return store.get(runId).orElseThrow(() -> new NotFoundException("run " + runId));
    }

    /** For tests: where this manager tells its runs' changes. */
    void tellChangesTo(ChangeBus bus) {
        this.changes = bus;
    }

    /** Tells watchers what the store now holds for the run; never fails the run. */
    private void publish(String action, String runId) {
        ChangeBus bus = changes;
        if (bus == null) {
            return;
        }
        try {
            store.get(runId).ifPresent(run -> bus.publish(ChangeEvent.RUN, action, runId, run.projectId(), run));
        } catch (RuntimeException e) {
            LOG.debug("Run {}: its change could not be told: {}", runId, e.toString());
        }
    }

    @Override
    public RunInfo cancel(String runId, Actor actor) {
        RunInfo run = store.get(runId).orElseThrow(() -> new NotFoundException("run " + runId));
        if (run.status().finished()) {
            throw new ConflictException("run " + runId + " is not running (it is " + run.status() + ")");
        }
        String reason = "cancelled by " + actor.username();
        if (!claimer.stop(runId, RunStatus.CANCELLED, reason) && !store.claims().cancelQueued(runId, run.projectId(), reason)) {
            store.claims().requestStop(runId, RunStatus.CANCELLED, reason); // its node finds it when it renews the lease
        }
        return store.get(runId).orElse(run);
    }

    @Override
    public RunInfo rerun(String runId, Actor actor) {
        RunInfo run = store.get(runId).orElseThrow(() -> new NotFoundException("run " + runId));
        if ("replay".equals(run.mode()) && run.rerunOf() != null) {
            // a replay's re-run replays the same failed records of the same original run again
            return retryFailed(run.rerunOf(), actor);
        }
        return start(run.projectId(), run.mode(), "rerun", run.id(), actor);
    }

    @Override
    public RunInfo await(String runId, Duration timeout) throws InterruptedException {
        CompletableFuture<RunInfo> future = claimer.attempt(runId);
        long deadline = System.nanoTime() + timeout.toNanos();
        if (future != null) {
            try {
                return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                return store.get(runId).orElseThrow(() -> new NotFoundException("run " + runId));
            }
        }
        while (true) {
            RunInfo run = store.get(runId).orElseThrow(() -> new NotFoundException("run " + runId));
            if (run.status().finished() || System.nanoTime() > deadline) {
                return run;
            }
            Thread.sleep(100);
        }
    }

    /** Stops this node's runs (see {@link RunClaimer#close()}), then the timer, then the membership it owns. */
    @Deactivate
    public void close() {
        claimer.close();
        // a renewal or claim under way must end before the store closes: a query after Derby's shutdown boots it again
        StoreTimers.stop(housekeeping, RunClaimer.STOP_WAIT);
        if (ownsMembership) {
            membership.close();
        }
    }

    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.MULTIPLE,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    void addListener(RunListener listener) {
        listeners.add(listener);
    }

    void removeListener(RunListener listener) {
        listeners.remove(listener);
    }

    /** Tells the listeners of a run that ended on this node. */
    private void finished(ProjectInfo project, RunInfo run) {
        listeners.forEach(l -> notify(l, project, run));
    }

    private static void notify(RunListener listener, ProjectInfo project, RunInfo run) {
        try {
            listener.finished(project, run);
        } catch (RuntimeException e) {
            LOG.warn("A run listener failed for run {}: {}", run.id(), e.getMessage());
        }
    }

    private static int historyDays(String value) {
        try {
            return value == null ? 45 : Math.max(1, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            LOG.warn("{} must be a number of days, not '{}'; keeping 45", HISTORY_DAYS, value);
            return 45;
        }
    }

    private void purge(int historyDays) {
        try {
            int n = store.purge(Instant.now().minus(Duration.ofDays(historyDays)));
            if (n > 0) {
                LOG.info("Purged {} run(s) older than {} days", n, historyDays);
            }
        } catch (RuntimeException e) {
            LOG.warn("History purge failed: {}", e.getMessage());
        }
    }
}
