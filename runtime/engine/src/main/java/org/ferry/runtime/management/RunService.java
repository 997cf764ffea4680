package org.ferry.runtime.management;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Runs: start, follow, cancel, re-run, and the history with per-record errors. */
@ProviderType
public interface RunService {

    /**
     * Starts a run in the background.
     *
     * @param mode    {@code incremental} or {@code full} ("run with all data")
     * @param trigger {@code manual}, {@code api}, {@code schedule}…
     * @throws ConflictException if the project is already running
     */
    RunInfo start(String projectId, String mode, String trigger, Actor actor);

    Optional<RunInfo> get(String runId);

    /** @return the project's runs, newest first */
    List<RunInfo> runsOf(String projectId, int offset, int limit);

    /**
     * Runs across projects, newest first.
     *
     * @param query which runs; {@link RunQuery#all()} for every run
     * @since 1.2
     */
    List<RunInfo> runs(RunQuery query, int offset, int limit);

    /** @return the run's errors in the order they happened */
    List<RunErrorInfo> errors(String runId, int offset, int limit);

    /**
     * @return the run's errors that match the query, in the order they happened
     * @throws NotFoundException for an unknown run
     * @since 1.3
     */
    List<RunErrorInfo> errors(String runId, RunErrorQuery query, int offset, int limit);

    /**
     * @return how many of the run's errors match the query
     * @since 1.3
     */
    long errorCount(String runId, RunErrorQuery query);

    /**
     * The run's errors grouped by cause (task, leg, field, kind and the pattern of the message), largest first.
     *
     * @param limit at most this many groups
     * @since 1.3
     */
    List<RunErrorGroup> errorGroups(String runId, int limit);

    /**
     * Hands every error that matches to the sink, in order, reading a chunk at a time: an export of any size holds
     * one chunk in memory and no database connection while the sink writes.
     *
     * @since 1.3
     */
    void eachError(String runId, RunErrorQuery query, java.util.function.Consumer<RunErrorInfo> sink);

    /** Asks a run to stop at its next batch boundary; it ends CANCELLED with its checkpoints. */
    RunInfo cancel(String runId, Actor actor);

    /** Starts a new run of the same project with the same mode. */
    RunInfo rerun(String runId, Actor actor);

    /**
     * Starts a run that re-reads the source and writes only the records that failed in the given run (after
     * the source was fixed). The new run's {@code rerunOf} links it to the original; checkpoints are not moved.
     *
     * @throws ConflictException if the project is running
     */
    RunInfo retryFailed(String runId, Actor actor);

    /**
     * Runs the first records of each leg of a task through its mappings and transforms, against live source
     * data, writing nothing.
     *
     * @param limit records per leg, at most 200
     */
    java.util.List<PreviewRecord> preview(String projectId, String taskId, int limit);

    /**
     * The same dry run on a draft of the task, its edits not yet saved: the mapping editor previews what it shows.
     *
     * @param draft the task as edited (its legs and mappings); its id and name are the stored task's
     * @since 1.3
     */
    java.util.List<PreviewRecord> preview(String projectId, String taskId, ProjectTask draft, int limit);

    /** Blocks until the run has finished or the timeout passed; for tests and the demo. */
    RunInfo await(String runId, java.time.Duration timeout) throws InterruptedException;
}
