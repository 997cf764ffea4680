package org.ferry.runtime.management;

/** The status of a run, as the Data Integrator's execution history shows it, plus the states of a live run. */
public enum RunStatus {
    QUEUED, RUNNING,
    /** Every record was written. */
    COMPLETED,
    /** Some records failed; the others were written. */
    WARNING,
    /** Nothing was written, or the run could not start (validation failed). */
    ERROR,
    CANCELLED,
    /** The server stopped or a plugin left during the run; the next run resumes from its checkpoints. */
    INTERRUPTED;

    public boolean finished() {
        return this != QUEUED && this != RUNNING;
    }
}
