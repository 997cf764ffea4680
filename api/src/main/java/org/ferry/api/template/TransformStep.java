package org.ferry.api.template;

import java.util.Map;
import java.util.Objects;

/**
 * One transform in a mapping's chain, in the Data Integrator's JSON shape:
 * {@code {"transformType": "Default", "defaultValue": "10"}}.
 *
 * @param type       the {@code transformType}
 * @param parameters the other properties (JSON-like values, see {@link org.ferry.api.transform.TransformParameters})
 */
public record TransformStep(String type, Map<String, Object> parameters) {
    public TransformStep {
        Objects.requireNonNull(type, "type");
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    public static TransformStep defaultValue(String value) {
        return new TransformStep("Default", Map.of("defaultValue", value));
    }

    public static TransformStep valueMap(Map<String, String> map) {
        return new TransformStep("ValueMap", Map.of("valueMap", map));
    }
}
