package org.ferry.runtime.management;

import java.util.List;

/**
 * What an admin sends to create a project.
 *
 * @param name                display name
 * @param template            a template id, or {@code null} for a blank project
 * @param connectionSet       the connection set's id
 * @param organizationMapping the mapping's name within the set
 * @param consentAccepted     whether the consent was accepted; creation is refused otherwise
 * @param tasks               tasks for a blank project (ignored when a template is given)
 */
public record ProjectDraft(String name, String template, String connectionSet, String organizationMapping,
                           boolean consentAccepted, List<ProjectTask> tasks) {
    public ProjectDraft {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }
}
