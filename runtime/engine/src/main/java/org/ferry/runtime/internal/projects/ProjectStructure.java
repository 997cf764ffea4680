package org.ferry.runtime.internal.projects;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

import org.ferry.api.template.LegTemplate;
import org.ferry.runtime.internal.validation.Problems;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.ProjectTask;
import org.ferry.runtime.management.ValidationProblem;

/**
 * The structural part of validation: what can be told from the store alone, without asking the
 * connected systems. Things change after a project is saved (a connection set loses a role, a plugin
 * leaves), so these are re-checked on every validation, not only when the project is edited.
 */
final class ProjectStructure {
    private ProjectStructure() {
    }

    /**
     * @param set      the project's connection set, if it still exists
     * @param typeOf   the connector type of a connection id
     * @param deployed whether a connector type is deployed now
     */
    static List<ValidationProblem> problems(ProjectInfo project, Optional<ConnectionSetInfo> set,
                                            Function<String, String> typeOf, Predicate<String> deployed) {
        List<ValidationProblem> problems = new ArrayList<>();
        if (set.isEmpty()) {
            problems.add(new ValidationProblem(null, null, "connectionSet",
                    "connection set '" + project.connectionSet() + "' does not exist"));
            return problems;
        }
        ConnectionSetInfo s = set.get();
        if (!s.organizationMappings().isEmpty() && s.organizationMappings().stream()
                .noneMatch(m -> m.name().equals(project.organizationMapping()))) {
            problems.add(new ValidationProblem(null, null, "organizationMapping", "connection set '" + s.name()
                    + "' has no organization mapping '" + project.organizationMapping() + "'"));
        }
        if (project.tasks().isEmpty()) {
            problems.add(new ValidationProblem(null, null, "tasks", "the project has no tasks; add one"));
        }
        Map<String, String> usedRoles = new TreeMap<>();
        for (ProjectTask task : project.tasks()) {
            for (LegTemplate leg : task.legs()) {
                String legName = legName(leg);
                role(task, legName, "sourceRole", leg.sourceRole(), s, problems, usedRoles);
                role(task, legName, "targetRole", leg.targetRole(), s, problems, usedRoles);
                if (leg.sourceEntity().isBlank()) {
                    problems.add(new ValidationProblem(task.name(), legName, "sourceEntity", "no source entity is set"));
                }
                if (leg.targetEntity().isBlank()) {
                    problems.add(new ValidationProblem(task.name(), legName, "targetEntity", "no target entity is set"));
                }
            }
        }
        for (Map.Entry<String, String> role : usedRoles.entrySet()) {
            String type = typeOf.apply(role.getValue());
            if (!deployed.test(type)) {
                problems.add(new ValidationProblem(null, null, "connections." + role.getKey(),
                        "connector type '" + type + "' is not deployed (role '" + role.getKey() + "')"));
            }
        }
        return problems;
    }

    /** @return the mapping name to store: one of the set's, required when the set has any */
    static String mapping(ConnectionSetInfo set, String requested, Problems problems) {
        List<String> names = set.organizationMappings().stream().map(m -> m.name()).toList();
        boolean given = requested != null && !requested.isBlank();
        if (names.isEmpty()) {
            if (given) {
                problems.add("organizationMapping", "connection set '" + set.name() + "' has no organization mappings");
            }
            return null;
        }
        if (!given) {
            problems.add("organizationMapping", "is required: choose one of the connection set's mappings ("
                    + String.join(", ", names) + ")");
        } else if (!names.contains(requested)) {
            problems.add("organizationMapping", "connection set '" + set.name() + "' has no organization mapping '"
                    + requested + "' (it has: " + String.join(", ", names) + ")");
        }
        return requested;
    }

    static String legName(LegTemplate leg) {
        return leg.sourceRole() + ":" + leg.sourceEntity() + " -> " + leg.targetRole() + ":" + leg.targetEntity();
    }

    private static void role(ProjectTask task, String legName, String field, String role, ConnectionSetInfo set,
                             List<ValidationProblem> problems, Map<String, String> used) {
        String connection = set.connections().get(role);
        if (connection == null) {
            problems.add(new ValidationProblem(task.name(), legName, field, "connection set '" + set.name()
                    + "' has no '" + role + "' connection"));
        } else {
            used.put(role, connection);
        }
    }
}
