package org.ferry.runtime.internal.mapping;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.ReferenceValue;
import org.ferry.api.data.TextValue;
import org.ferry.api.data.Value;
import org.ferry.api.data.ValueType;
import org.ferry.api.error.RecordException;
import org.ferry.api.template.LegTemplate;
import org.ferry.api.transform.Transform;
import org.ferry.api.transform.TransformContext;
import org.ferry.api.transform.TransformFunction;

/**
 * A leg's field mappings compiled against the source and destination schemas: for each destination
 * field, the source path and the compiled transform chain. Compiled once per run; {@link #map} is
 * thread-safe and is called once per record.
 */
public final class LegMapping {
    /** @param lookupKeys for a reference field, the key fields of each entity it may refer to, in lookup order */
    record Column(FieldSchema target, SourcePath source, List<TransformFunction> chain,
                  Map<String, List<String>> lookupKeys) {
    }

    /** The outcome of mapping one record. */
    public sealed interface Result permits Mapped, Skipped {
    }

    /**
     * A record ready to write.
     *
     * @param record     the mapped record; without a business key only on a key-map leg whose key fields are empty
     * @param references on a key-map leg, per reference field, the related record at the source, for the writer
     *                   to translate through key maps; empty otherwise
     */
    public record Mapped(EntityRecord record, Map<String, SourceReference> references) implements Result {
        public Mapped(EntityRecord record) {
            this(record, Map.of());
        }
    }

    /**
     * A lookup's related record as the source knows it.
     *
     * @param entity the related entity at the source, or {@code null} when the value was a bare id
     * @param id     its id at the source
     */
    public record SourceReference(String entity, String id) {
    }

    /** A record that has no business key; not an error, but counted and explained. */
    public record Skipped(String field, String reason) implements Result {
    }

    private final String targetEntity;
    private final List<Column> columns;
    /** Paths transforms read through their context, parsed once per run rather than once per record. */
    private final Map<String, SourcePath> contextPaths = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> keyFields;
    private final boolean keyMap;
    /** With deletions propagated, the field and value that mark a record deleted at the source; else {@code null}. */
    private final Map.Entry<String, Value> deactivation;
    /** What the mapping reads of its source: its columns' paths and those its transforms' parameters name. */
    private final SourceReads reads;

    LegMapping(String targetEntity, List<Column> columns, List<String> keyFields, boolean keyMap,
               Map.Entry<String, Value> deactivation, SourceReads reads) {
        this.targetEntity = targetEntity;
        this.columns = columns;
        this.keyFields = keyFields;
        this.keyMap = keyMap;
        this.deactivation = deactivation;
        this.reads = reads;
    }

    /**
     * Checks a leg's mappings against the schemas and compiles them ({@link MappingCompiler}).
     *
     * @param transforms  finds a deployed transform by type
     * @param relatedKeys the key fields of a related destination entity (its integration key, or its
     *                    business key), for writing lookups; empty if it has none
     * @return the compiled mapping, or the problems that prevent it
     */
    public static Compiled compile(LegTemplate leg, EntitySchema source, EntitySchema target,
                                   Function<String, Optional<Transform>> transforms,
                                   Function<String, List<String>> relatedKeys) {
        return MappingCompiler.compile(leg, source, target, transforms, relatedKeys);
    }

    /** @return what the leg reads of its source, to select no more than that */
    public SourceReads reads() {
        return reads;
    }

    /** A compiled mapping, or the problems; exactly one is present. */
    public record Compiled(LegMapping mapping, List<MappingProblem> problems) {
    }

    /**
     * Maps one source record.
     *
     * @throws RecordException when a value cannot be read, transformed or converted
     */
    public Result map(EntityRecord source, String organization) {
        EntityRecord.Builder out = EntityRecord.builder(targetEntity).organization(source.organization())
                .sourceId(source.sourceId()).modifiedOn(source.modifiedOn());
        Context context = new Context(source, organization, contextPaths, reads);
        Map<String, SourceReference> references = keyMap ? new LinkedHashMap<>() : Map.of();
        // the key's values as set, so the record is built once, with its key
        Map<String, Value> keyValues = keyFields.isEmpty() ? Map.of() : new HashMap<>();
        for (Column c : columns) {
            Value value = c.source() == null ? null : c.source().read(source);
            if (!keyMap && value instanceof ReferenceValue r && r.key() == null) {
                // only a key map can follow a reference by id; elsewhere a lookup without a key is an empty lookup
                value = null;
            }
            for (TransformFunction f : c.chain()) {
                try {
                    value = f.apply(value, context);
                } catch (RecordException e) {
                    throw e.field() == null ? new RecordException(c.target().name(), e.getMessage(), e) : e;
                } catch (RuntimeException e) {
                    throw new RecordException(c.target().name(), "transform failed: " + e.getMessage(), e);
                }
            }
            if (c.target().type() != ValueType.REFERENCE) {
                value = ValueConverter.convert(value, c.target());
            } else if (keyMap) {
                value = keyMapReference(value, c, references);
            } else {
                value = reference(value, c);
            }
            out.set(c.target().name(), value);
            if (!keyFields.isEmpty() && keyFields.contains(c.target().name())) {
                keyValues.put(c.target().name(), value);
            }
        }
        Map<String, String> key = new LinkedHashMap<>();
        for (String k : keyFields) {
            Value v = keyValues.get(k);
            if (v == null || v.asText().isBlank()) {
                if (keyMap) {
                    return new Mapped(out.build(), references);
                }
                return new Skipped(k, "no business key: '" + k + "' is empty");
            }
            key.put(k, v.asText());
        }
        return new Mapped(key.isEmpty() ? out.build() : out.key(BusinessKey.of(key)).build(), references);
    }

    /**
     * @return for a leg that deactivates rather than deletes what was deleted at the source, the field and the
     *         value to set; {@code null} when deletions delete
     */
    public Map.Entry<String, Value> deactivation() {
        return deactivation;
    }

    /** @return whether records are matched through a key map rather than by business key */
    public boolean keyMap() {
        return keyMap;
    }

    /** @return per reference field of the destination, the entities it may refer to */
    public Map<String, List<String>> referenceFields() {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        columns.stream().filter(c -> c.target().type() == ValueType.REFERENCE)
                .forEach(c -> fields.put(c.target().name(), c.target().lookup()));
        return fields;
    }

    /**
     * On a key-map leg a lookup is written by the related record's id in the destination, which only the key
     * maps know: the source's id is kept for the writer to translate. Where the related entity also has a
     * business key, the reference by key is written too, so a related record synced by key still resolves.
     */
    private static Value keyMapReference(Value value, Column c, Map<String, SourceReference> references) {
        if (value == null || value instanceof TextValue t && t.value().isBlank()) {
            return null;
        }
        if (value instanceof ReferenceValue r && r.id() != null) {
            references.put(c.target().name(), new SourceReference(r.entity(), r.id()));
            return r.key() != null && !c.lookupKeys().isEmpty() ? reference(value, c) : null;
        }
        if (!(value instanceof ReferenceValue) && c.lookupKeys().isEmpty()) {
            references.put(c.target().name(), new SourceReference(null, value.asText()));
            return null;
        }
        if (c.lookupKeys().isEmpty()) {
            throw new RecordException(c.target().name(), "the source gave no id for the related " + value.asText()
                    + ", and " + String.join(" or ", c.target().lookup()) + " has no business key to find it by");
        }
        return reference(value, c);
    }

    /** @return the destination business key fields */
    public List<String> keyFields() {
        return keyFields;
    }

    private static Value reference(Value value, Column c) {
        if (value == null || value instanceof TextValue t && t.value().isBlank()) {
            return null;
        }
        // the related entity: the one a reference names, if the field may refer to it; else the first with a key
        String entity = c.lookupKeys().keySet().iterator().next();
        List<String> parts;
        if (value instanceof ReferenceValue r) {
            for (String candidate : c.lookupKeys().keySet()) {
                if (candidate.equalsIgnoreCase(r.entity())) {
                    entity = candidate;
                }
            }
            if (r.key() == null) {
                throw new RecordException(c.target().name(), "the related " + r.entity() + " " + r.id()
                        + " has no business key at the source; sync it through a key map");
            }
            parts = List.copyOf(r.key().parts().values());
        } else {
            parts = List.of(value.asText());
        }
        List<String> keyFields = c.lookupKeys().get(entity);
        if (parts.size() != keyFields.size()) {
            throw new RecordException(c.target().name(), "'" + value.asText() + "' cannot identify a " + entity
                    + " by " + keyFields);
        }
        Map<String, String> key = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            key.put(keyFields.get(i), parts.get(i));
        }
        return Value.reference(entity, BusinessKey.of(key));
    }

    /** What transforms see of the record being mapped. */
    private static final class Context implements TransformContext {
        private final EntityRecord source;
        private final String organization;
        private final Map<String, SourcePath> paths;
        private final SourceReads reads;

        Context(EntityRecord source, String organization, Map<String, SourcePath> paths, SourceReads reads) {
            this.source = source;
            this.organization = organization;
            this.paths = paths;
            this.reads = reads;
        }

        @Override
        public EntityRecord source() {
            return source;
        }

        /**
         * Reads a field the run selected. A field no mapping or transform parameter names was not read (reads select
         * only what the leg needs), so reading it would look like an empty value; it fails the record instead.
         */
        @Override
        public Value field(String path) {
            SourcePath p = paths.computeIfAbsent(path, SourcePath::parse);
            if (!source.has(p.field()) && !reads.fields().contains(p.field())) {
                throw new RecordException(null, "a transform reads source field '" + p.field() + "', which no mapping"
                        + " or transform parameter names, so it was not read; name it in the transform's parameters");
            }
            return p.read(source);
        }

        @Override
        public String organization() {
            return organization;
        }
    }
}
