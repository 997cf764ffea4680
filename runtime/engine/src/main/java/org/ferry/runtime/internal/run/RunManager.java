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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.ferry.runtime.internal.connections.ConnectionOpener;
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
 * Starts runs in the background, one live run per project, and keeps the history. At start it marks
 * the runs a crashed process left RUNNING as INTERRUPTED; at stop it asks live runs to stop at their
 * next batch boundary and waits for them, so their checkpoints are consistent.
 */
@Component(service = RunService.class)
public class RunManager implements RunService {
    private static final Logger LOG = LoggerFactory.getLogger(RunManager.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(25);
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
    private final Database db;
    private final ProjectSource projects;
    private final String owner = ProcessHandle.current().pid() + "@" + Instant.now();
    private final Map<String, RunStop> live = new ConcurrentHashMap<>();
    private final List<RunListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<RunInfo>> futures = new ConcurrentHashMap<>();
    /** The executors of live runs, which answer {@link #get} from memory while they count. */
    private final Map<String, RunExecutor> executing = new ConcurrentHashMap<>();
    private final ExecutorService runs = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("ferry-run-", 1).factory());
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("ferry-history").factory());
    /** Where runs' changes are told as they happen ({@code GET /api/events}); absent in tests that do not listen. */
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    private volatile ChangeBus changes;

    @Activate
    public RunManager(@Reference Database db, @Reference ExtensionRegistry registry, @Reference ConnectionOpener opener,
                      @Reference ProjectService projectService, @Reference ConnectionSetService sets, BundleContext context) {
        this(new PluginEnvironment(registry, opener), db, ProjectSource.of(projectService::get, sets::get),
                historyDays(context.getProperty(HISTORY_DAYS)));
    }

    /** The engine outside the framework: for the test harness (runtime/engine's test-jar), which holds its parts. */
    public RunManager(RunEnvironment env, Database db, ProjectSource projects, int historyDays) {
        this.env = env;
        this.db = db;
        this.store = new RunStore(db);
        this.projects = projects;
        int orphans = store.interruptOrphans("the server stopped while this run was in progress");
        if (orphans > 0) {
            LOG.warn("{} run(s) left running by a previous process are now INTERRUPTED", orphans);
        }
        housekeeping.scheduleWithFixedDelay(() -> purge(historyDays), 1, 24 * 60, TimeUnit.MINUTES);
        io.micrometer.core.instrument.Gauge.builder("ferry.runs.live", live, Map::size)
                .description("runs queued or running now").register(io.micrometer.core.instrument.Metrics.globalRegistry);
    }

    @Override
    public RunInfo start(String projectId, String mode, String trigger, Actor actor) {
        return start(projectId, mode, trigger, null, actor);
    }

    public RunInfo start(String projectId, String mode, String trigger, String rerunOf, Actor actor) {
        if (!"incremental".equals(mode) && !"full".equals(mode)) {
            throw new org.ferry.api.error.ConfigurationException("mode", "must be 'incremental' or 'full'");
        }
        return launch(projectId, mode, trigger, rerunOf, null, actor);
    }

    @Override
    public RunInfo retryFailed(String runId, Actor actor) {
        RunInfo original = store.get(runId).orElseThrow(() -> new NotFoundException("run " + runId));
        Map<String, Set<String>> failed = new HashMap<>();
        int count = 0;
        for (int offset = 0; ; offset += 1000) {
            List<RunErrorInfo> page = store.errors(runId, offset, 1000);
            for (RunErrorInfo e : page) {
                String key = e.businessKey() != null ? e.businessKey() : e.sourceId();
                if (RunErrors.FAILED.equals(e.kind()) && key != null) {
                    failed.computeIfAbsent(RunExecutor.replayKey(e.task(), e.leg()), k -> new HashSet<>()).add(key);
                    count++;
                }
            }
            if (page.size() < 1000) {
                break;
            }
        }
        if (count == 0) {
            throw new org.ferry.api.error.ConfigurationException("runId", "run " + runId + " has no failed records to retry");
        }
        return launch(original.projectId(), "replay", "replay", runId, failed, actor);
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

    private RunInfo launch(String projectId, String mode, String trigger, String rerunOf, Map<String, Set<String>> replay,
                           Actor actor) {
        ProjectInfo project = projects.project(projectId).orElseThrow(() -> new NotFoundException("project " + projectId));
        RunInfo queued = new RunInfo(UUID.randomUUID().toString(), projectId, RunStatus.QUEUED, trigger, mode, null, null,
                null, rerunOf, List.of(), Actor.SCHEDULER.equals(actor) || Actor.SYSTEM.equals(actor) ? null : actor.username());
        store.queue(queued, owner);
        publish("queued", queued.id());
        RunStop stop = new RunStop();
        live.put(queued.id(), stop);
        CompletableFuture<RunInfo> future = new CompletableFuture<>();
        futures.put(queued.id(), future);
        LOG.info("Run {} of project '{}' queued ({}, {}, by {})", queued.id(), project.name(), mode, trigger, actor.username());
        runs.execute(() -> {
            RunInfo result = null;
            try {
                ConnectionSetInfo set = projects.connectionSet(project.connectionSet()).orElse(null);
                if (set == null) {
                    result = abort(queued, "the project's connection set no longer exists");
                } else {
                    RunExecutor executor = new RunExecutor(env, store, db, project, set, queued, stop, replay,
                            action -> publish(action, queued.id()));
                    executing.put(queued.id(), executor);
                    result = executor.execute();
                }
            } catch (RuntimeException e) {
                LOG.error("Run {} could not complete", queued.id(), e);
                result = abort(queued, "the run failed: " + LegRunner.message(e));
            } finally {
                executing.remove(queued.id());
                live.remove(queued.id());
                publish("finished", queued.id());
                RunInfo outcome = result;
                if (outcome != null) {
                    listeners.forEach(l -> notify(l, project, outcome));
                }
                future.complete(result != null ? result : store.get(queued.id()).orElse(queued));
                futures.remove(queued.id());
            }
        });
        return store.get(queued.id()).orElse(queued);
    }

    @Override
    public Optional<RunInfo> get(String runId) {
        RunExecutor executor = executing.get(runId);
        RunInfo now = executor == null ? null : executor.current();
        return now != null ? Optional.of(now) : store.get(runId);
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
        RunStop stop = live.get(runId);
        if (stop == null || run.status().finished()) {
            throw new ConflictException("run " + runId + " is not running (it is " + run.status() + ")");
        }
        stop.request(RunStatus.CANCELLED, "cancelled by " + actor.username());
        return run;
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
        CompletableFuture<RunInfo> future = futures.get(runId);
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

    /** Stops live runs at their next batch boundary (INTERRUPTED) and waits for them. */
    @Deactivate
    public void close() {
        live.values().forEach(s -> s.request(RunStatus.INTERRUPTED, "the server stopped during the run"));
        runs.shutdown();
        try {
            if (!runs.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Runs did not stop within {} s", STOP_WAIT.toSeconds());
                runs.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        housekeeping.shutdownNow();
    }

    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.MULTIPLE,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    void addListener(RunListener listener) {
        listeners.add(listener);
    }

    void removeListener(RunListener listener) {
        listeners.remove(listener);
    }

    private static void notify(RunListener listener, ProjectInfo project, RunInfo run) {
        try {
            listener.finished(project, run);
        } catch (RuntimeException e) {
            LOG.warn("A run listener failed for run {}: {}", run.id(), e.getMessage());
        }
    }

    private RunInfo abort(RunInfo queued, String message) {
        try {
            RunErrors.runStopped(store, queued.id(), message);
        } catch (RuntimeException e) {
            LOG.warn("Run {}: the reason it stopped could not be stored among its errors: {}", queued.id(), e.getMessage());
        }
        RunInfo failed = new RunInfo(queued.id(), queued.projectId(), RunStatus.ERROR, queued.trigger(), queued.mode(), null,
                Instant.now(), message, queued.rerunOf(), List.of());
        store.finished(failed);
        return failed;
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
