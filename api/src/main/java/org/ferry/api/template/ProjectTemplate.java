package org.ferry.api.template;

import java.util.List;
import java.util.Objects;

/**
 * A blueprint of a project: the connections it needs and its tasks.
 *
 * @param id            unique across providers, stable across versions ({@code p2c-accounts})
 * @param name          a display name ({@code Accounts (Sales to Fin and Ops)})
 * @param description   what it synchronizes and the business rules it relies on
 * @param roles         the connections it needs; a connection set serves the template when it has a
 *                      connection of the right type for every role (it may have more)
 * @param tasks         the tasks, in run order
 * @param prerequisites ids of templates whose projects should run first (Products before Sales orders)
 */
public record ProjectTemplate(String id, String name, String description, List<ConnectionRole> roles,
                              List<TaskTemplate> tasks, List<String> prerequisites) {
    public ProjectTemplate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        roles = List.copyOf(roles);
        tasks = List.copyOf(tasks);
        prerequisites = prerequisites == null ? List.of() : List.copyOf(prerequisites);
    }
}
