package org.ferry.transforms.internal.text;

import java.util.regex.Pattern;

import org.ferry.api.data.FieldSchema;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.transform.ParameterType;
import org.ferry.api.transform.Transform;
import org.ferry.api.transform.TransformFunction;
import org.ferry.api.transform.TransformParameters;
import org.ferry.transforms.internal.support.BuiltInTransform;
import org.ferry.transforms.internal.support.TargetValues;
import org.osgi.service.component.annotations.Component;

/**
 * Takes one piece of a value split at a separator: {@code {"transformType": "Split", "separator": " ", "index": -1}}
 * for the last word. A piece that does not exist is no value rather than an error, because a name with a
 * single word simply has no second one.
 */
@Component(service = Transform.class, property = Transform.TYPE + "=" + SplitTransform.TYPE)
public final class SplitTransform extends BuiltInTransform {
    static final String TYPE = "Split";
    static final String SEPARATOR = "separator";
    static final String INDEX = "index";
    static final String TRIM = "trim";

    public SplitTransform() {
        super(TYPE, "Split",
                "Splits the value at a separator and keeps one piece.",
                required(SEPARATOR, "Separator", ParameterType.TEXT, "The text the value is split at, taken literally (not a pattern)."),
                optional(INDEX, "Piece", ParameterType.INTEGER,
                        "Which piece to keep: 0 for the first (default), 1 for the second, -1 for the last."),
                optional(TRIM, "Trim", ParameterType.BOOLEAN, "Remove white space around the piece (default true)."));
    }

    @Override
    protected TransformFunction prepare(TransformParameters parameters, FieldSchema target) {
        String separator = parameters.requireText(SEPARATOR);
        if (separator.isEmpty()) {
            throw new ConfigurationException(SEPARATOR, "must not be empty");
        }
        Pattern literal = Pattern.compile(Pattern.quote(separator));
        int index = parameters.integer(INDEX).orElse(0);
        boolean trim = parameters.bool(TRIM).orElse(true);
        return (value, context) -> {
            if (value == null) {
                return null;
            }
            String[] pieces = literal.split(value.asText(), -1);
            int i = index < 0 ? pieces.length + index : index;
            if (i < 0 || i >= pieces.length) {
                return null;
            }
            return TargetValues.forRecord(trim ? pieces[i].strip() : pieces[i], target);
        };
    }
}
