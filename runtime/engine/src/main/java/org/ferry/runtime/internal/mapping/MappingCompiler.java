package org.ferry.runtime.internal.mapping;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.ferry.api.data.EntitySchema;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.Value;
import org.ferry.api.data.ValueType;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.FieldProblem;
import org.ferry.api.error.RecordException;
import org.ferry.api.template.FieldMapping;
import org.ferry.api.template.LegTemplate;
import org.ferry.api.template.TransformStep;
import org.ferry.api.transform.Transform;
import org.ferry.api.transform.TransformFunction;
import org.ferry.api.transform.TransformParameters;

/**
 * Checks a leg's field mappings against the source and destination schemas and compiles them into a
 * {@link LegMapping}: every problem found is reported at once, so a user fixes a task in one pass.
 */
final class MappingCompiler {
    /** Keys a chain element may carry besides the transform's parameters. */
    private static final Set<String> STEP_KEYS = Set.of("transformType", "type");

    private MappingCompiler() {
    }

    /** {@link LegMapping#compile}. */
    static LegMapping.Compiled compile(LegTemplate leg, EntitySchema source, EntitySchema target,
                                       Function<String, Optional<Transform>> transforms,
                                       Function<String, List<String>> relatedKeys) {
        List<MappingProblem> problems = new ArrayList<>();
        List<LegMapping.Column> columns = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        for (FieldMapping m : leg.mappings()) {
            Optional<FieldSchema> targetField = target.field(m.target());
            if (targetField.isEmpty()) {
                problems.add(new MappingProblem(m.target(), "'" + m.target() + "' is not a field of " + target.name()));
                continue;
            }
            if (!targets.add(m.target())) {
                problems.add(new MappingProblem(m.target(), "'" + m.target() + "' is mapped more than once"));
                continue;
            }
            FieldSchema tf = targetField.get();
            SourcePath path = null;
            if (m.source() != null && !m.source().isBlank()) {
                try {
                    path = SourcePath.parse(m.source());
                } catch (IllegalArgumentException e) {
                    problems.add(new MappingProblem(m.target(), e.getMessage()));
                    continue;
                }
                Optional<FieldSchema> sf = source.field(path.field());
                if (sf.isEmpty()) {
                    problems.add(new MappingProblem(m.target(), "source field '" + path.field() + "' is not a field of " + source.name()));
                    continue;
                }
                if (m.transforms().isEmpty() && !path.isLookup() && !ValueConverter.compatible(sf.get().type(), tf.type())
                        && !(tf.type() == ValueType.REFERENCE && sf.get().type() == ValueType.REFERENCE)) {
                    problems.add(new MappingProblem(m.target(), "type mismatch: source '" + path + "' is "
                            + name(sf.get().type()) + ", destination '" + tf.name() + "' is " + name(tf.type())));
                }
            } else if (m.transforms().isEmpty()) {
                problems.add(new MappingProblem(m.target(), "'" + m.target() + "' has neither a source field nor a transform"
                        + " (a default, say): the mapping is incomplete"));
                continue;
            }
            List<TransformFunction> chain = new ArrayList<>();
            for (int i = 0; i < m.transforms().size(); i++) {
                TransformStep step = m.transforms().get(i);
                Optional<Transform> transform = transforms.apply(step.type());
                if (transform.isEmpty()) {
                    problems.add(new MappingProblem(m.target(), "transform '" + step.type() + "' is not deployed"));
                    continue;
                }
                try {
                    Map<String, Object> params = new LinkedHashMap<>(step.parameters());
                    params.keySet().removeAll(STEP_KEYS);
                    chain.add(transform.get().compile(TransformParameters.of(params), tf));
                } catch (ConfigurationException e) {
                    for (FieldProblem p : e.problems()) {
                        problems.add(new MappingProblem(m.target(), "transform " + step.type() + " #" + (i + 1) + ": "
                                + (p.field() == null ? "" : p.field() + " ") + p.message()));
                    }
                } catch (RuntimeException e) {
                    problems.add(new MappingProblem(m.target(), "transform " + step.type() + " cannot be prepared: " + e));
                }
            }
            Map<String, List<String>> lookupKeys = new LinkedHashMap<>();
            if (tf.type() == ValueType.REFERENCE) {
                for (String entity : tf.lookup()) {
                    List<String> key = relatedKeys.apply(entity);
                    if (!key.isEmpty()) {
                        lookupKeys.put(entity, key);
                    }
                }
                if (lookupKeys.isEmpty() && !leg.keyMap()) {
                    problems.add(new MappingProblem(m.target(), "'" + tf.name() + "' refers to " + String.join(" or ", tf.lookup())
                            + ", which has no alternate key in the destination: name the field that identifies "
                            + String.join(" or ", tf.lookup()) + " records as its integration key in the connection set"
                            + " (Integration keys)"));
                }
            }
            columns.add(new LegMapping.Column(tf, path, List.copyOf(chain), lookupKeys));
        }
        List<String> keyFields = leg.businessKey().isEmpty() ? target.businessKey() : leg.businessKey();
        if (leg.keyMap()) {
            // the key map identifies records; a business key goes along only where every part of it is mapped
            keyFields = leg.businessKey().isEmpty() && !targets.containsAll(keyFields) ? List.of() : keyFields;
        }
        if (keyFields.isEmpty() && !leg.keyMap()) {
            problems.add(new MappingProblem(null, target.name() + " has no alternate key in the destination to match"
                    + " records by: name the fields that identify " + target.name() + " records as its integration key in"
                    + " the connection set (Integration keys), or set the task's business key fields"));
        }
        for (String k : keyFields) {
            if (!targets.contains(k)) {
                problems.add(new MappingProblem(k, "business key field '" + k + "' is not mapped"));
            }
        }
        Map.Entry<String, Value> deactivation = leg.deletes() && leg.deactivation() != null
                ? deactivation(leg.deactivation(), target, problems) : null;
        for (FieldSchema required : target.requiredFields()) {
            // through a key map the target numbers its new records itself (F&O number sequences, hub ids)
            boolean generated = leg.keyMap() && target.businessKey().contains(required.name());
            if (!targets.contains(required.name()) && !required.name().equals(target.organizationField()) && !generated) {
                problems.add(new MappingProblem(required.name(), "'" + required.name() + "' is mandatory in "
                        + target.name() + " but is not mapped and has no default"));
            }
        }
        return problems.isEmpty()
                ? new LegMapping.Compiled(new LegMapping(target.name(), List.copyOf(columns), List.copyOf(keyFields), leg.keyMap(),
                        deactivation, SourceReads.of(leg, columns.stream().map(LegMapping.Column::source)
                                .filter(java.util.Objects::nonNull).toList(), source)), List.of())
                : new LegMapping.Compiled(null, List.copyOf(problems));
    }

    private static Map.Entry<String, Value> deactivation(org.ferry.api.template.Deactivation d, EntitySchema target,
                                                          List<MappingProblem> problems) {
        Optional<FieldSchema> field = target.field(d.field());
        if (field.isEmpty()) {
            problems.add(new MappingProblem("deactivate.field", "'" + d.field() + "' is not a field of " + target.name()));
            return null;
        }
        try {
            return Map.entry(d.field(), ValueConverter.convert(Value.text(d.value()), field.get()));
        } catch (RecordException e) {
            problems.add(new MappingProblem("deactivate.value", e.getMessage()));
            return null;
        }
    }

    private static String name(ValueType type) {
        return type.name().toLowerCase(java.util.Locale.ROOT);
    }
}
