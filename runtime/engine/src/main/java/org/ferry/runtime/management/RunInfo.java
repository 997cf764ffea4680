package org.ferry.runtime.management;

import java.time.Instant;
import java.util.List;

/**
 * A run of a project.
 *
 * @param id        the run's id
 * @param projectId the project
 * @param status    its status
 * @param trigger   {@code manual}, {@code schedule}, {@code api}, {@code rerun} or {@code replay}
 * @param mode      {@code incremental}, {@code full} (with all data) or {@code replay} (only the records a run failed)
 * @param startedAt when it started ({@code null} while queued)
 * @param endedAt   when it ended, or {@code null}
 * @param message   why it ended as it did (the validation problems of an ERROR run), or {@code null}
 * @param rerunOf   the run this one repeats, or {@code null}
 * @param tasks     per task and leg counts
 * @param startedBy the user who started it (for a schedule, the user who set the schedule is not known: {@code null})
 * @param nodes     the nodes that ran it, in order (more than one when a node took it over from another); empty
 *                  while it is queued
 * @since 1.3 (startedBy), 1.5 (nodes)
 */
public record RunInfo(String id, String projectId, RunStatus status, String trigger, String mode, Instant startedAt,
                      Instant endedAt, String message, String rerunOf, List<RunTaskInfo> tasks, String startedBy,
                      List<String> nodes) {

    public RunInfo {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }

    /** A run whose nodes are not known (not read from the store). */
    public RunInfo(String id, String projectId, RunStatus status, String trigger, String mode, Instant startedAt,
                   Instant endedAt, String message, String rerunOf, List<RunTaskInfo> tasks, String startedBy) {
        this(id, projectId, status, trigger, mode, startedAt, endedAt, message, rerunOf, tasks, startedBy, List.of());
    }

    public RunInfo(String id, String projectId, RunStatus status, String trigger, String mode, Instant startedAt,
                   Instant endedAt, String message, String rerunOf, List<RunTaskInfo> tasks) {
        this(id, projectId, status, trigger, mode, startedAt, endedAt, message, rerunOf, tasks, null, List.of());
    }

    /** @return this run with the nodes that ran it */
    public RunInfo withNodes(List<String> runNodes) {
        return new RunInfo(id, projectId, status, trigger, mode, startedAt, endedAt, message, rerunOf, tasks, startedBy,
                runNodes);
    }
}
