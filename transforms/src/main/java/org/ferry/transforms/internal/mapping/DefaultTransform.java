package org.ferry.transforms.internal.mapping;

import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.Value;
import org.ferry.api.transform.ParameterType;
import org.ferry.api.transform.Transform;
import org.ferry.api.transform.TransformFunction;
import org.ferry.api.transform.TransformParameters;
import org.ferry.transforms.internal.support.BuiltInTransform;
import org.ferry.transforms.internal.support.TargetValues;
import org.osgi.service.component.annotations.Component;

/**
 * The Data Integrator's Default: {@code {"transformType": "Default", "defaultValue": "10"}}. Blank text
 * counts as no value, because the systems P2C connects store an emptied text field as "" or as null
 * depending on the API, and the user means the same thing by both.
 */
@Component(service = Transform.class, property = Transform.TYPE + "=" + DefaultTransform.TYPE)
public final class DefaultTransform extends BuiltInTransform {
    static final String TYPE = "Default";
    static final String DEFAULT_VALUE = "defaultValue";

    public DefaultTransform() {
        super(TYPE, "Default value",
                "Writes a fixed value when the source has none (no value or blank text); other values pass unchanged.",
                required(DEFAULT_VALUE, "Default value", ParameterType.TEXT,
                        "The value written when the source is empty, in the destination field's type "
                                + "(10 for a number, true or false, 2020-01-31 for a date)."));
    }

    @Override
    protected TransformFunction prepare(TransformParameters parameters, FieldSchema target) {
        Value fallback = TargetValues.forParameter(DEFAULT_VALUE, parameters.requireText(DEFAULT_VALUE), target);
        return (value, context) -> isMissing(value) ? fallback : value;
    }
}
