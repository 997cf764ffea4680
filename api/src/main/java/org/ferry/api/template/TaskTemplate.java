package org.ferry.api.template;

import java.util.List;
import java.util.Objects;

/**
 * A task: one entity moved in one direction, as one or two legs run in order (source to hub, then hub
 * to destination).
 *
 * @param name the task's name, unique within its project
 * @param legs one or two legs, in order
 */
public record TaskTemplate(String name, List<LegTemplate> legs) {
    public TaskTemplate {
        Objects.requireNonNull(name, "name");
        legs = List.copyOf(legs);
        if (legs.isEmpty()) {
            throw new IllegalArgumentException("task '" + name + "' needs at least one leg");
        }
    }
}
