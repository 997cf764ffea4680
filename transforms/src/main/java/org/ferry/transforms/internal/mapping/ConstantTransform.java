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

/** Writes the same value to every record whatever the source holds: {@code {"transformType": "Constant", "value": "ORG001"}}. */
@Component(service = Transform.class, property = Transform.TYPE + "=" + ConstantTransform.TYPE)
public final class ConstantTransform extends BuiltInTransform {
    static final String TYPE = "Constant";
    static final String VALUE = "value";

    public ConstantTransform() {
        super(TYPE, "Constant",
                "Writes the same value to every record, replacing whatever the source holds.",
                required(VALUE, "Value", ParameterType.TEXT,
                        "The value written, in the destination field's type (10 for a number, true or false, "
                                + "2020-01-31 for a date)."));
    }

    @Override
    protected TransformFunction prepare(TransformParameters parameters, FieldSchema target) {
        Value constant = TargetValues.forParameter(VALUE, parameters.requireText(VALUE), target);
        return (value, context) -> constant;
    }
}
