package org.ferry.runtime.testing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.error.RecordException;
import org.ferry.api.template.LegTemplate;
import org.ferry.api.transform.Transform;
import org.ferry.runtime.internal.mapping.LegMapping;

/**
 * One leg compiled and applied as a run does it, without running anything: the engine's mapping compiler over
 * the schemas a test described, for tests that check templates against real systems.
 */
public final class LegProbe {
    /** What stops the leg from compiling, by destination field. */
    public record Problem(String field, String message) {
    }

    /** What mapping one record gave. */
    public sealed interface Result permits Mapped, Skipped {
    }

    /** The record as the leg writes it. */
    public record Mapped(EntityRecord record) implements Result {
    }

    /** Left out, with the field that decided it and why (a record without a business key). */
    public record Skipped(String field, String reason) implements Result {
    }

    private final LegMapping mapping;
    private final List<Problem> problems;

    private LegProbe(LegMapping mapping, List<Problem> problems) {
        this.mapping = mapping;
        this.problems = problems;
    }

    /**
     * @param transforms  finds a transform by type, as the deployed ones are found
     * @param relatedKeys the key fields of a related destination entity, for writing lookups
     */
    public static LegProbe compile(LegTemplate leg, EntitySchema source, EntitySchema target,
                                   Function<String, Optional<Transform>> transforms,
                                   Function<String, List<String>> relatedKeys) {
        LegMapping.Compiled compiled = LegMapping.compile(leg, source, target, transforms, relatedKeys);
        return new LegProbe(compiled.mapping(),
                compiled.problems().stream().map(p -> new Problem(p.field(), p.message())).toList());
    }

    /** @return what keeps the leg from running; empty when it compiles */
    public List<Problem> problems() {
        return problems;
    }

    /** @return per lookup field of the source, per related entity, the key fields the run reads it by */
    public Map<String, Map<String, List<String>>> lookupKeys(EntitySchema source) {
        return mapping.reads().lookupFields(source);
    }

    /**
     * Maps one record read at the source.
     *
     * @throws RecordException when the record fails (a transform refuses a value), naming the field
     */
    public Result map(EntityRecord record, String targetUnit) {
        LegMapping.Result result = mapping.map(record, targetUnit);
        return result instanceof LegMapping.Mapped m ? new Mapped(m.record())
                : new Skipped(((LegMapping.Skipped) result).field(), ((LegMapping.Skipped) result).reason());
    }
}
