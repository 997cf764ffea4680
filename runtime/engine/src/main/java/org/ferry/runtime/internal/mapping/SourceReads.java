package org.ferry.runtime.internal.mapping;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ferry.api.data.EntitySchema;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.template.FieldMapping;
import org.ferry.api.template.LegTemplate;
import org.ferry.api.template.TransformStep;

/**
 * What a leg reads of its source, so a read selects no more ("Do not retrieve Entity all columns"): the mappings'
 * source paths, and the paths transforms read through their context ({@code Concatenate}'s fields), found as
 * parameter values that name a source field. A transform that builds a field name at run time is not found here;
 * reading such a field fails the record, saying so, rather than reading as empty.
 */
public final class SourceReads {
    private final List<SourcePath> paths;
    private final List<String> fields;

    private SourceReads(List<SourcePath> paths) {
        this.paths = paths;
        this.fields = paths.stream().map(SourcePath::field).distinct().toList();
    }

    static SourceReads of(LegTemplate leg, List<SourcePath> columnPaths, EntitySchema source) {
        Map<String, SourcePath> reads = new LinkedHashMap<>();
        columnPaths.forEach(p -> reads.putIfAbsent(p.toString(), p));
        for (FieldMapping m : leg.mappings()) {
            for (TransformStep step : m.transforms()) {
                for (Object v : step.parameters().values()) {
                    for (Object item : v instanceof Collection<?> list ? list : List.of(v)) {
                        if (item instanceof String text && !text.isBlank()) {
                            try {
                                SourcePath p = SourcePath.parse(text);
                                if (source.field(p.field()).isPresent()) {
                                    reads.putIfAbsent(p.toString(), p);
                                }
                            } catch (IllegalArgumentException notAPath) {
                                // a literal, not a field
                            }
                        }
                    }
                }
            }
        }
        return new SourceReads(List.copyOf(reads.values()));
    }

    /** @return the paths read */
    public List<SourcePath> paths() {
        return paths;
    }

    /** @return the source fields read (the lookup field of a {@code lookup.Field} path) */
    public List<String> fields() {
        return fields;
    }

    /**
     * @param source the source entity, for the entities each lookup may refer to
     * @return per lookup field read through a {@code lookup.Field} path, per related entity, the fields of it read
     */
    public Map<String, Map<String, List<String>>> lookupFields(EntitySchema source) {
        Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
        for (SourcePath p : paths) {
            if (!p.isLookup()) {
                continue;
            }
            List<String> targets = source.field(p.field()).map(FieldSchema::lookup).orElse(List.of());
            p.relatedFields(targets).forEach((entity, field) -> {
                List<String> fields = out.computeIfAbsent(p.field(), f -> new LinkedHashMap<>())
                        .computeIfAbsent(entity, e -> new ArrayList<>());
                if (!fields.contains(field)) {
                    fields.add(field);
                }
            });
        }
        return out;
    }
}
