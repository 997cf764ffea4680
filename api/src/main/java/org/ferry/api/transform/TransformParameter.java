package org.ferry.api.transform;

import java.util.Objects;

/**
 * A parameter a transform takes, as the console's transform editor shows it.
 *
 * @param name        the JSON property name ({@code valueMap}, {@code length})
 * @param label       what the editor shows
 * @param type        the JSON type
 * @param required    whether the transform cannot compile without it
 * @param description help text, or {@code null}
 */
public record TransformParameter(String name, String label, ParameterType type, boolean required, String description) {
    public TransformParameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        label = label == null ? name : label;
    }
}
