package org.ferry.runtime.management;

import java.util.List;
import java.util.Objects;

import org.ferry.api.template.LegTemplate;

/**
 * A task of a project: one entity moved in one direction, as legs run in order.
 *
 * @param id   stable id within the project ({@code null} in a draft)
 * @param name name, unique within the project
 * @param legs one or two legs
 */
public record ProjectTask(String id, String name, List<LegTemplate> legs) {
    public ProjectTask {
        Objects.requireNonNull(name, "name");
        legs = legs == null ? List.of() : List.copyOf(legs);
    }
}
