package org.ferry.admin.internal.projects;

import java.util.ArrayList;
import java.util.List;

import org.ferry.admin.internal.http.ProblemException;
import org.ferry.api.template.Deactivation;
import org.ferry.api.template.FieldMapping;
import org.ferry.api.template.LegTemplate;
import org.ferry.runtime.management.ProjectTask;

/** The JSON shapes of tasks, legs and mappings, both ways, and their conversion to the engine's records. */
public final class TaskJson {
    private TaskJson() {
    }

    /**
     * A task as sent to add or change one.
     *
     * @param name     unique within the project
     * @param legs     one or two legs, run in order
     * @param position where the task goes in the run order (0 = first); absent = last, or unchanged
     */
    public record TaskRequest(String name, List<Leg> legs, Integer position) {
        ProjectTask task(String id) {
            if (name == null || name.isBlank()) {
                throw ProblemException.invalid("name", "is required");
            }
            if (legs == null || legs.isEmpty()) {
                throw ProblemException.invalid("legs", "at least one leg is required");
            }
            List<LegTemplate> converted = new ArrayList<>();
            for (int i = 0; i < legs.size(); i++) {
                if (legs.get(i) == null) {
                    throw ProblemException.invalid("legs." + i, "must be an object");
                }
                converted.add(legs.get(i).template("legs." + i));
            }
            return new ProjectTask(id, name, converted);
        }
    }

    /**
     * A task as answered.
     *
     * @param id   stable id within the project
     * @param name the task's name
     * @param legs its legs in order
     */
    public record TaskView(String id, String name, List<Leg> legs) {
        static TaskView of(ProjectTask task) {
            return new TaskView(task.id(), task.name(), task.legs().stream().map(Leg::of).toList());
        }
    }

    /**
     * One leg: an entity read from one role and written to another.
     *
     * @param sourceRole   the role read, e.g. {@code sales}
     * @param sourceEntity the entity read, e.g. {@code account}
     * @param targetRole   the role written
     * @param targetEntity the entity written
     * @param mappings     target fields and where their values come from
     * @param filter       a source filter, or null
     * @param businessKey  the target fields that identify a record, or empty for the entity's own
     * @param deletes      whether deletions propagate
     * @param keyMap       whether records are matched through the key map the engine keeps (source id to target
     *                     id) instead of by business key; absent = false
     * @param deactivate   with {@code deletes}, the target field set instead of deleting downstream what was
     *                     deleted at the source; absent or null = delete
     */
    public record Leg(String sourceRole, String sourceEntity, String targetRole, String targetEntity,
                      List<Mapping> mappings, String filter, List<String> businessKey, Boolean deletes,
                      Boolean keyMap, Deactivate deactivate) {
        static Leg of(LegTemplate leg) {
            return new Leg(leg.sourceRole(), leg.sourceEntity(), leg.targetRole(), leg.targetEntity(),
                    leg.mappings().stream().map(Mapping::of).toList(), leg.filter(), leg.businessKey(), leg.deletes(),
                    leg.keyMap(), Deactivate.of(leg.deactivation()));
        }

        LegTemplate template(String at) {
            require(sourceRole, at + ".sourceRole");
            require(sourceEntity, at + ".sourceEntity");
            require(targetRole, at + ".targetRole");
            require(targetEntity, at + ".targetEntity");
            List<FieldMapping> converted = new ArrayList<>();
            List<Mapping> given = mappings == null ? List.of() : mappings;
            for (int i = 0; i < given.size(); i++) {
                if (given.get(i) == null) {
                    throw ProblemException.invalid(at + ".mappings." + i, "must be an object");
                }
                converted.add(given.get(i).mapping(at + ".mappings." + i));
            }
            boolean propagated = Boolean.TRUE.equals(deletes);
            // a deactivation without deletes would never be used: saying so beats storing it silently
            if (deactivate != null && !propagated) {
                throw ProblemException.invalid(at + ".deactivate", "applies only with \"deletes\": true");
            }
            return new LegTemplate(sourceRole, sourceEntity, targetRole, targetEntity, converted, filter, businessKey,
                    propagated, Boolean.TRUE.equals(keyMap), deactivate == null ? null : deactivate.deactivation(at));
        }
    }

    /**
     * How a record deleted at the source is marked downstream instead of being deleted.
     *
     * @param field the target field set, e.g. {@code statecode}
     * @param value its value as text, e.g. {@code 1}; converted to the field's type
     */
    public record Deactivate(String field, String value) {
        static Deactivate of(Deactivation d) {
            return d == null ? null : new Deactivate(d.field(), d.value());
        }

        Deactivation deactivation(String at) {
            require(field, at + ".deactivate.field");
            require(value, at + ".deactivate.value");
            return new Deactivation(field, value);
        }
    }

    /**
     * A target field and where its value comes from.
     *
     * @param target     the target field
     * @param source     a source field path ({@code parentcustomerid.accountnumber}), or null for transforms only
     * @param transforms applied in order
     */
    public record Mapping(String target, String source, List<TransformJson> transforms) {
        static Mapping of(FieldMapping m) {
            return new Mapping(m.target(), m.source(), m.transforms().stream().map(TransformJson::of).toList());
        }

        FieldMapping mapping(String at) {
            require(target, at + ".target");
            List<TransformJson> given = transforms == null ? List.of() : transforms;
            List<org.ferry.api.template.TransformStep> steps = new ArrayList<>();
            for (int i = 0; i < given.size(); i++) {
                if (given.get(i) == null) {
                    throw ProblemException.invalid(at + ".transforms." + i, "must be an object");
                }
                steps.add(given.get(i).step(at + ".transforms." + i));
            }
            return new FieldMapping(target, source, steps);
        }
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid(field, "is required");
        }
    }
}
