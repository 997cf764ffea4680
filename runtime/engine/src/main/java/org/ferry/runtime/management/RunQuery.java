package org.ferry.runtime.management;

import java.time.Instant;
import java.util.Set;

/**
 * Which runs to list across projects. Every criterion is optional ({@code null} or empty: any) and they
 * combine; the runs come newest first.
 *
 * @param statuses  the statuses wanted, or empty for any
 * @param projectId the project, or {@code null} for every project
 * @param trigger   what started the runs (one of {@link #TRIGGERS}), or {@code null}
 * @param from      runs started (queued) at or after this instant, or {@code null}
 * @param to        runs started (queued) before this instant, or {@code null}
 */
public record RunQuery(Set<RunStatus> statuses, String projectId, String trigger, Instant from, Instant to) {
    /** What starts a run: an admin in the console, a schedule, a REST client, a re-run, a replay of failed records. */
    public static final Set<String> TRIGGERS = Set.of("manual", "schedule", "api", "rerun", "replay");

    public RunQuery {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
    }

    /** Every run. */
    public static RunQuery all() {
        return new RunQuery(Set.of(), null, null, null, null);
    }
}
