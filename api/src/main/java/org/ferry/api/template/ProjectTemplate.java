package org.ferry.api.template;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * @param integrationKeys per role, per entity, the fields the tasks identify records of that entity by where the
 *                      system may have no alternate key on them (most Dataverse tables have none): the integration
 *                      keys a connection set serving the template should name. Proposals, not settings: the admin
 *                      confirms them in the connection set, since without an alternate key nothing in the system
 *                      keeps those fields unique. Empty when the template relies on keys the systems have (since 1.2).
 */
public record ProjectTemplate(String id, String name, String description, List<ConnectionRole> roles,
                              List<TaskTemplate> tasks, List<String> prerequisites,
                              Map<String, Map<String, List<String>>> integrationKeys) {
    public ProjectTemplate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        roles = List.copyOf(roles);
        tasks = List.copyOf(tasks);
        prerequisites = prerequisites == null ? List.of() : List.copyOf(prerequisites);
        Map<String, Map<String, List<String>>> keys = new LinkedHashMap<>();
        if (integrationKeys != null) {
            integrationKeys.forEach((role, byEntity) -> {
                Map<String, List<String>> entities = new LinkedHashMap<>();
                byEntity.forEach((entity, fields) -> entities.put(entity, List.copyOf(fields)));
                keys.put(role, Collections.unmodifiableMap(entities));
            });
        }
        integrationKeys = Collections.unmodifiableMap(keys);
    }

    /** A template that proposes no integration keys, as templates built against 1.1 are. */
    public ProjectTemplate(String id, String name, String description, List<ConnectionRole> roles,
                           List<TaskTemplate> tasks, List<String> prerequisites) {
        this(id, name, description, roles, tasks, prerequisites, Map.of());
    }
}
