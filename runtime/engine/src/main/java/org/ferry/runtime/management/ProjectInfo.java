package org.ferry.runtime.management;

import java.time.Instant;
import java.util.List;

/**
 * A project.
 *
 * @param id                  stable id
 * @param name                display name (any printable characters)
 * @param template            the template it was created from, or {@code null} for a blank project
 * @param connectionSet       the connection set's id
 * @param organizationMapping the name of the connection set's organization mapping it uses
 * @param consent             the recorded consent
 * @param tasks               the tasks in run order
 * @param errorTolerance      how many failed records a run may have and still count: {@code -1} for any
 *                            (the Data Integrator's WARNING), {@code 0} for none (a failure ends the run in ERROR)
 * @param createdAt           creation time
 * @param updatedAt           last change
 */
public record ProjectInfo(String id, String name, String template, String connectionSet, String organizationMapping,
                          Consent consent, List<ProjectTask> tasks, int errorTolerance, Instant createdAt,
                          Instant updatedAt) {
    public ProjectInfo {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }
}
