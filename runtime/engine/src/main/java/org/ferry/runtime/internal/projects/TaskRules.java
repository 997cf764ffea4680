package org.ferry.runtime.internal.projects;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.ferry.api.template.FieldMapping;
import org.ferry.api.template.LegTemplate;
import org.ferry.api.template.TransformStep;
import org.ferry.runtime.internal.filter.Filter;
import org.ferry.runtime.internal.filter.FilterException;
import org.ferry.runtime.internal.validation.Problems;
import org.ferry.runtime.management.ProjectTask;

/**
 * The structural rules of tasks (names, legs naming roles of the connection set, entities, mapping
 * rows) and their normal form. Whether entities and fields exist in the systems is the run's check.
 */
final class TaskRules {
    /** Bounds on the lists inside a project, so every accepted project is one the store and the console handle. */
    static final int MAX_TASKS = 200;
    static final int MAX_LEGS = 10;
    static final int MAX_MAPPINGS = 2000;
    static final int MAX_TRANSFORMS = 50;
    static final int MAX_KEY_FIELDS = 20;

    private TaskRules() {
    }

    /** Checks one task; {@code path} prefixes field names ({@code tasks[2]}, or empty for a single task). */
    static void check(ProjectTask task, Set<String> roles, String path, Problems problems) {
        String prefix = path.isEmpty() ? "" : path + ".";
        problems.name(prefix + "name", task.name());
        if (task.legs().isEmpty()) {
            problems.add(prefix + "legs", "needs at least one leg");
        }
        if (task.legs().size() > MAX_LEGS) {
            problems.add(prefix + "legs", "must have at most " + MAX_LEGS + " legs");
            return;
        }
        for (int i = 0; i < task.legs().size(); i++) {
            checkLeg(task.legs().get(i), roles, prefix + "legs[" + i + "]", problems);
        }
    }

    /** Checks that no two tasks share a name, and that there are not more than a project may hold. */
    static void uniqueNames(List<ProjectTask> tasks, String path, Problems problems) {
        if (tasks.size() > MAX_TASKS) {
            problems.add(path, "a project has at most " + MAX_TASKS + " tasks");
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tasks.size(); i++) {
            String name = tasks.get(i).name().strip();
            if (!name.isEmpty() && !names.add(name)) {
                problems.add(path + "[" + i + "].name", "another task of this project is already named '" + name + "'");
            }
        }
    }

    static int position(Integer position, int max, Problems problems) {
        if (position == null) {
            return max;
        }
        if (position < 0 || position > max) {
            problems.add("position", "must be between 0 (first) and " + max + " (last)");
            return max;
        }
        return position;
    }

    /** A copy of the task in normal form with an id no other task of the project has. */
    static ProjectTask withNewId(ProjectTask task, List<ProjectTask> existing) {
        Set<String> taken = new HashSet<>();
        existing.forEach(t -> taken.add(t.id()));
        String id;
        do {
            id = UUID.randomUUID().toString().substring(0, 8);
        } while (taken.contains(id));
        return TaskRules.normalize(new ProjectTask(id, task.name(), task.legs()));
    }

    private static void checkLeg(LegTemplate leg, Set<String> roles, String path, Problems problems) {
        role(leg.sourceRole(), roles, path + ".sourceRole", problems);
        role(leg.targetRole(), roles, path + ".targetRole", problems);
        if (leg.sourceEntity().isBlank()) {
            problems.add(path + ".sourceEntity", "is required");
        }
        if (leg.targetEntity().isBlank()) {
            problems.add(path + ".targetEntity", "is required");
        }
        if (leg.filter() != null && !leg.filter().isBlank()) {
            try {
                Filter.parse(leg.filter(), null); // the fields are checked against the source when a run validates
            } catch (FilterException e) {
                problems.add(path + ".filter", e.getMessage());
            }
        }
        if (leg.mappings().size() > MAX_MAPPINGS) {
            problems.add(path + ".mappings", "must have at most " + MAX_MAPPINGS + " mappings");
            return;
        }
        if (leg.businessKey().size() > MAX_KEY_FIELDS) {
            problems.add(path + ".businessKey", "must have at most " + MAX_KEY_FIELDS + " fields");
        }
        Set<String> targets = new HashSet<>();
        for (int j = 0; j < leg.mappings().size(); j++) {
            FieldMapping m = leg.mappings().get(j);
            String mp = path + ".mappings[" + j + "]";
            if (m == null) {
                problems.add(mp, "must not be empty");
                continue;
            }
            if (m.target().isBlank()) {
                problems.add(mp + ".target", "is required");
            } else if (!targets.add(m.target())) {
                problems.add(mp + ".target", "field '" + m.target() + "' is mapped twice in this leg");
            }
            if (m.source() != null && m.source().isBlank()) {
                problems.add(mp + ".source", "must name a field, or be null when the value comes from transforms");
            }
            if (m.source() == null && m.transforms().isEmpty()) {
                problems.add(mp, "needs a source field or a transform that supplies the value (Default, Constant)");
            }
            if (m.transforms().size() > MAX_TRANSFORMS) {
                problems.add(mp + ".transforms", "must have at most " + MAX_TRANSFORMS + " transforms");
                continue;
            }
            for (int k = 0; k < m.transforms().size(); k++) {
                TransformStep t = m.transforms().get(k);
                if (t == null || t.type().isBlank()) {
                    problems.add(mp + ".transforms[" + k + "].transformType", "is required");
                }
            }
        }
        for (String key : leg.businessKey()) {
            if (key == null || key.isBlank()) {
                problems.add(path + ".businessKey", "field names must not be blank");
            }
        }
    }

    private static void role(String role, Set<String> roles, String path, Problems problems) {
        if (role.isBlank()) {
            problems.add(path, "is required");
        } else if (!roles.contains(role)) {
            problems.add(path, "'" + role + "' is not a role of the connection set (roles: "
                    + String.join(", ", roles.stream().sorted().toList()) + ")");
        }
    }

    /**
     * The normal form of a task: name stripped, transform parameters as the SPI promises them
     * ({@code BigDecimal} numbers, nested maps and lists), so that what the store returns equals what was
     * stored whichever number type the caller used.
     */
    static ProjectTask normalize(ProjectTask task) {
        List<LegTemplate> legs = task.legs().stream().map(TaskRules::normalize).toList();
        return new ProjectTask(task.id(), task.name().strip(), legs);
    }

    private static LegTemplate normalize(LegTemplate leg) {
        List<FieldMapping> mappings = leg.mappings().stream()
                .map(m -> new FieldMapping(m.target(), m.source(), m.transforms().stream()
                        .map(t -> new TransformStep(t.type(), normalizeMap(t.parameters()))).toList()))
                .toList();
        return new LegTemplate(leg.sourceRole(), leg.sourceEntity(), leg.targetRole(), leg.targetEntity(), mappings,
                leg.filter(), leg.businessKey(), leg.deletes(), leg.keyMap(), leg.deactivation());
    }

    private static Map<String, Object> normalizeMap(Map<?, ?> map) {
        Map<String, Object> result = new LinkedHashMap<>();
        map.forEach((k, v) -> result.put(String.valueOf(k), normalizeValue(v)));
        return Collections.unmodifiableMap(result);
    }

    private static Object normalizeValue(Object value) {
        if (value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            return new BigDecimal(value.toString());
        }
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? value : BigDecimal.valueOf(d);
        }
        if (value instanceof Float f) {
            return new BigDecimal(f.toString());
        }
        if (value instanceof Map<?, ?> m) {
            return normalizeMap(m);
        }
        if (value instanceof List<?> l) {
            List<Object> result = new ArrayList<>(l.size());
            l.forEach(v -> result.add(normalizeValue(v)));
            return Collections.unmodifiableList(result);
        }
        return value;
    }
}
