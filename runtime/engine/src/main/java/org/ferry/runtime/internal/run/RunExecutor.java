package org.ferry.runtime.internal.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.ferry.runtime.internal.run.RunPreparation.PreparedTask;
import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.internal.store.LeaseLostException;
import org.ferry.runtime.management.RunLegInfo;
import org.ferry.runtime.management.RunTaskInfo;
import org.ferry.store.Dialect;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.ProjectTask;
import org.ferry.runtime.management.RunInfo;
import org.ferry.runtime.management.RunStatus;
import org.ferry.runtime.management.ValidationProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one run: validation first, then tasks in order and each task's legs in order. A leg that
 * cannot go on stops the run (later legs depend on it); a record that fails does not. The status
 * follows the Data Integrator: COMPLETED when every record was written, WARNING when some failed,
 * ERROR when nothing could be written or the run could not start.
 */
final class RunExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(RunExecutor.class);
    private static final long PROGRESS_EVERY_MS = 1000;

    private final RunEnvironment env;
    private final RunStore store;
    private final Database db;
    private final ProjectInfo project;
    private final ConnectionSetInfo set;
    private final RunInfo run;
    private final RunStop stop;
    private final RunProgress progress = new RunProgress();
    private final RunMetrics metrics;
    private long lastProgress;
    private volatile Instant started;
    /** The nodes that claimed the run, this one last (a live run's answer names them without a query). */
    private volatile List<String> nodes = List.of();
    /** Whether {@link #current()} answers: from when the legs are counted until the end is stored. */
    private volatile boolean live;

    /** For a replay: the keys that failed, by task name and leg label ({@link #replayKey}); otherwise {@code null}. */
    private final Map<String, Set<String>> replay;
    private final RunLease lease;
    /** What the node this run is taken over from had done (its legs' counts and states), or empty. */
    private final List<RunTaskInfo> resumeFrom;
    /** Told "started" and "progress" once the store holds them, so watchers hear of the run as it goes. */
    private final java.util.function.Consumer<String> changed;

    RunExecutor(RunEnvironment env, RunStore store, Database db, ProjectInfo project, ConnectionSetInfo set, RunInfo run,
                RunStop stop, Map<String, Set<String>> replay, RunLease lease, List<RunTaskInfo> resumeFrom,
                java.util.function.Consumer<String> changed) {
        this.lease = lease;
        this.resumeFrom = resumeFrom;
        this.replay = replay;
        this.changed = changed;
        this.env = env;
        this.store = store;
        this.db = db;
        this.project = project;
        this.set = set;
        this.run = run;
        this.stop = stop;
        this.metrics = new RunMetrics(project.name());
    }

    /**
     * @return the run as it ended; RUNNING if this node handed it over to another (a stop of a node in a cluster)
     * @throws LeaseLostException if another node took the run over meanwhile: this node wrote nothing after that
     */
    RunInfo execute() {
        started = Instant.now();
        store.claims().started(lease, started);
        nodes = store.nodesOf(run.id()); // read once: this node's claim is the last, and stays so while it runs
        for (ProjectTask t : project.tasks()) {
            RunProgress.Task task = progress.addTask(t.name());
            t.legs().forEach(l -> task.legs().add(new RunProgress.Leg(l.sourceRole() + ":" + l.sourceEntity(),
                    l.targetRole() + ":" + l.targetEntity())));
        }
        resume();
        live = true;
        changed.accept("started");
        String message = null;
        RunStatus status;
        try (RunPreparation prepared = RunPreparation.prepare(env, project, set)) {
            if (!prepared.problems().isEmpty()) {
                RunErrors.runStopped(store, run.id(), prepared.problems(), lease);
                return finish(RunStatus.ERROR, "the project is not valid: " + describe(prepared.problems()));
            }
            String failure = runTasks(prepared);
            if (stop.leaseLost()) {
                lease.requireHeld();
            }
            if (stop.handingOver()) {
                store.claims().release(lease, progress.snapshot());
                LOG.info("Run {} of project '{}' handed over: {}", run.id(), project.name(), stop.reason());
                return new RunInfo(run.id(), run.projectId(), RunStatus.RUNNING, run.trigger(), run.mode(), null, null,
                        stop.reason(), run.rerunOf(), progress.snapshot());
            }
            if (stop.requested()) {
                status = stop.status();
                message = stop.reason();
            } else if (failure != null) {
                String departed = departedConnector(prepared);
                status = departed != null ? RunStatus.INTERRUPTED : progress.written() > 0 ? RunStatus.WARNING : RunStatus.ERROR;
                message = departed != null ? departed : failure;
            } else if (progress.failed() > 0) {
                status = progress.succeeded() > 0 ? RunStatus.WARNING : RunStatus.ERROR;
                message = progress.failed() + " record(s) failed; see the run's errors";
            } else {
                status = RunStatus.COMPLETED;
            }
        } catch (LeaseLostException e) {
            throw e;
        } catch (RuntimeException e) {
            if (Dialect.isConnectionLost(e) || stop.leaseLost()) {
                throw e; // the store is out of reach: the run stays as stored, for this node or another to resume
            }
            LOG.error("Run {} of project {} failed", run.id(), project.id(), e);
            status = progress.written() > 0 ? RunStatus.WARNING : RunStatus.ERROR;
            message = "the run failed: " + LegRunner.message(e);
            RunErrors.runStopped(store, run.id(), message, lease);
        }
        return finish(status, message);
    }

    /**
     * A run taken over from another node keeps what that node finished: legs it completed are not run again (their
     * counts stay), and the first unfinished leg runs from its last checkpoint, where records that node wrote are
     * found unchanged by their hashes. A project edited since the run started runs every leg.
     */
    private void resume() {
        if (resumeFrom.isEmpty() || resumeFrom.size() != progress.tasks().size()) {
            return;
        }
        for (int t = 0; t < resumeFrom.size(); t++) {
            RunTaskInfo before = resumeFrom.get(t);
            RunProgress.Task now = progress.tasks().get(t);
            if (!before.name().equals(now.name()) || before.legs().size() != now.legs().size()) {
                return;
            }
        }
        for (int t = 0; t < resumeFrom.size(); t++) {
            for (int l = 0; l < resumeFrom.get(t).legs().size(); l++) {
                RunLegInfo before = resumeFrom.get(t).legs().get(l);
                if ("DONE".equals(before.status()) || "SKIPPED".equals(before.status())) {
                    progress.tasks().get(t).legs().get(l).restore(before);
                }
            }
        }
    }

    /** @return why the run cannot go on, or {@code null} if every leg finished */
    private String runTasks(RunPreparation prepared) {
        List<PreparedTask> tasks = prepared.tasks();
        for (int t = 0; t < tasks.size(); t++) {
            PreparedTask task = tasks.get(t);
            for (int l = 0; l < task.legs().size(); l++) {
                RunProgress.Leg counts = progress.tasks().get(t).legs().get(l);
                if (stop.requested()) {
                    return null;
                }
                if ("DONE".equals(counts.status) || "SKIPPED".equals(counts.status)) {
                    continue; // finished by the node this run was taken over from
                }
                LegPlan plan = task.legs().get(l);
                Set<String> only = replay == null ? null : replay.getOrDefault(replayKey(task.task().name(), plan.label()), Set.of());
                if (only != null && only.isEmpty()) {
                    counts.status = "SKIPPED";
                    counts.note = "no record of this leg failed in the run replayed, so there is nothing to retry";
                    continue;
                }
                counts.status = "RUNNING";
                persistProgress();
                RunErrors errors = new RunErrors(store, run.id(), task.task().name(), plan.label(), plan.keyMapPair() != null,
                        lease);
                LegContext leg = new LegContext(db, project.id(), run.id(), "full".equals(run.mode()), counts, errors, lease,
                        stop);
                LegRunner runner = new LegRunner(plan, leg, new Checkpoints(db, project.id(), plan.legKey(), lease),
                        LegWriter.of(plan, leg), stop, only, this::afterBatch);
                LegRunner.Outcome outcome;
                try {
                    outcome = runner.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop.request(RunStatus.INTERRUPTED, "the run's thread was interrupted");
                    outcome = LegRunner.Outcome.STOPPED;
                }
                counts.status = switch (outcome) {
                    case DONE -> "DONE";
                    case STOPPED -> "STOPPED";
                    case FAILED -> "FAILED";
                };
                persistProgress();
                if (outcome == LegRunner.Outcome.FAILED) {
                    errors.stopped(runner.failure());
                    return runner.failure();
                }
            }
        }
        return null;
    }

    private void afterBatch() {
        int tolerance = project.errorTolerance();
        if (tolerance >= 0 && progress.failed() > tolerance) {
            stop.request(RunStatus.ERROR, "more than " + tolerance + " record(s) failed, the project's error tolerance");
        }
        long now = System.currentTimeMillis();
        if (now - lastProgress >= PROGRESS_EVERY_MS) {
            persistProgress();
        }
    }

    private void persistProgress() {
        lastProgress = System.currentTimeMillis();
        store.claims().progress(lease, progress.snapshot());
        metrics.progress(progress);
        changed.accept("progress");
    }

    private String departedConnector(RunPreparation prepared) {
        for (String type : prepared.connectorTypes()) {
            if (!env.deployed(type)) {
                return "connector type '" + type + "' was removed during the run; the next run resumes from the last checkpoint";
            }
        }
        return null;
    }

    /**
     * @return the run as it is now, from its live counts, or {@code null} before it started counting and once its
     * end is stored: the admin API reads a live run here, without a query that would wait on the run's own writes
     */
    RunInfo current() {
        if (!live) {
            return null;
        }
        return new RunInfo(run.id(), run.projectId(), RunStatus.RUNNING, run.trigger(), run.mode(), started, null, null,
                run.rerunOf(), progress.snapshot(), run.startedBy(), nodes);
    }

    private RunInfo finish(RunStatus status, String message) {
        live = false;
        for (RunProgress.Task t : progress.tasks()) {
            for (RunProgress.Leg l : t.legs()) {
                if ("PENDING".equals(l.status)) {
                    l.status = "SKIPPED";
                    l.note = stop.requested() ? "not run: the run was stopped before this leg"
                            : message != null && message.startsWith("the project is not valid") ? "not run: the project is not valid"
                            : "not run: an earlier leg could not go on";
                }
            }
        }
        RunInfo done = new RunInfo(run.id(), run.projectId(), status, run.trigger(), run.mode(), null, Instant.now(),
                message, run.rerunOf(), progress.snapshot());
        store.claims().finished(done, lease);
        metrics.finished(progress, status, java.time.Duration.between(started == null ? done.endedAt() : started,
                done.endedAt()));
        LOG.info("Run {} of project '{}' ended {}{}", run.id(), project.name(), status, message == null ? "" : ": " + message);
        return store.get(run.id()).orElse(done);
    }

    static String replayKey(String task, String leg) {
        return task + "\u0000" + leg;
    }

    static String describe(List<ValidationProblem> problems) {
        return problems.stream().map(p -> (p.task() == null ? "" : p.task() + ": ")
                + (p.field() == null ? "" : p.field() + ": ") + p.message()).collect(Collectors.joining("; "));
    }
}
