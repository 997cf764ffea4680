package org.ferry.templates.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.ferry.api.template.FieldMapping;
import org.ferry.api.template.TransformStep;

/**
 * Writes a leg's field mappings as a list that reads like the Data Integrator's mapping page: destination
 * on the left, source on the right, the transform chain after. Fragments shared between templates (an
 * address block, a document line) are functions that add their rows, applied with {@link #with}.
 */
final class Mappings {
    private final List<FieldMapping> rows = new ArrayList<>();

    static Mappings mappings() {
        return new Mappings();
    }

    /** {@code target = source}, through the transforms if any. */
    Mappings map(String target, String source, TransformStep... transforms) {
        rows.add(new FieldMapping(target, source, List.of(transforms)));
        return this;
    }

    /** A destination field that has no source: its value comes from the transforms alone (a default). */
    Mappings set(String target, TransformStep... transforms) {
        if (transforms.length == 0) {
            throw new IllegalArgumentException("'" + target + "' needs a transform to give it a value");
        }
        rows.add(new FieldMapping(target, null, List.of(transforms)));
        return this;
    }

    /** Adds the rows of a shared fragment. */
    Mappings with(UnaryOperator<Mappings> fragment) {
        return fragment.apply(this);
    }

    List<FieldMapping> build() {
        return List.copyOf(rows);
    }
}
