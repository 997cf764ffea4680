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

    /** Blocks until the run has finished or the timeout passed; for tests and the demo. */
    RunInfo await(String runId, java.time.Duration timeout) throws InterruptedException;
}
