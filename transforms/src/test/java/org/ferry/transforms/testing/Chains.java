package org.ferry.transforms.testing;

import java.util.LinkedHashMap;
import java.util.Map;

import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.Value;
import org.ferry.api.transform.TransformContext;
import org.ferry.api.transform.TransformParameters;

/** Parameters and record contexts as the engine hands them to a transform. */
public final class Chains {
    private Chains() {
    }

    /** @param namesAndValues name, value, name, value… as the JSON reader would give them */
    public static TransformParameters params(Object... namesAndValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return TransformParameters.of(values);
    }

    /** A context over a source record, reading fields by plain name. */
    public static TransformContext context(EntityRecord source) {
        return new TransformContext() {
            @Override
            public EntityRecord source() {
                return source;
            }

            @Override
            public Value field(String path) {
                return source.get(path);
            }

            @Override
            public String organization() {
                return source.organization();
            }
        };
    }

    public static TransformContext emptyContext() {
        return context(EntityRecord.builder("test").build());
    }
}
