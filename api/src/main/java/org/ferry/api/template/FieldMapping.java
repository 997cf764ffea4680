package org.ferry.api.template;

import java.util.List;
import java.util.Objects;

/**
 * One row of a mapping: the value written to {@code target} is the value at {@code source} passed
 * through {@code transforms} in order.
 *
 * @param target     the destination field's name
 * @param source     the source field, a path through a lookup's integration key ({@code customerid.accountnumber}),
 *                   or {@code null} when the value comes from the transforms alone (a default)
 * @param transforms the chain; empty for a direct ({@code =}) mapping
 */
public record FieldMapping(String target, String source, List<TransformStep> transforms) {
    public FieldMapping {
        Objects.requireNonNull(target, "target");
        transforms = transforms == null ? List.of() : List.copyOf(transforms);
    }

    public static FieldMapping direct(String target, String source) {
        return new FieldMapping(target, source, List.of());
    }
}
