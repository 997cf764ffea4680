package org.ferry.transforms.internal.text;

import java.util.regex.Pattern;

import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.TextValue;
import org.ferry.api.transform.ParameterType;
import org.ferry.api.transform.Transform;
import org.ferry.api.transform.TransformFunction;
import org.ferry.api.transform.TransformParameters;
import org.ferry.transforms.internal.support.BuiltInTransform;
import org.ferry.transforms.internal.support.TargetValues;
import org.osgi.service.component.annotations.Component;

/** Removes white space around text, and optionally runs of white space inside it. Other values pass unchanged. */
@Component(service = Transform.class, property = Transform.TYPE + "=" + TrimTransform.TYPE)
public final class TrimTransform extends BuiltInTransform {
    static final String TYPE = "Trim";
    static final String COLLAPSE = "collapseSpaces";
    /** Unicode white space, so the no-break spaces that pasted text often carries go too. */
    private static final Pattern WHITE_SPACE_RUN = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern EDGES = Pattern.compile("^\\s+|\\s+$", Pattern.UNICODE_CHARACTER_CLASS);

    public TrimTransform() {
        super(TYPE, "Trim",
                "Removes white space at the start and end of text.",
                optional(COLLAPSE, "Collapse inner spaces", ParameterType.BOOLEAN,
                        "Also replace each run of white space inside the text by one space (default false)."));
    }

    @Override
    protected TransformFunction prepare(TransformParameters parameters, FieldSchema target) {
        boolean collapse = parameters.bool(COLLAPSE).orElse(false);
        return (value, context) -> {
            if (!(value instanceof TextValue t)) {
                return value;
            }
            String trimmed = EDGES.matcher(t.value()).replaceAll("");
            return TargetValues.forRecord(collapse ? WHITE_SPACE_RUN.matcher(trimmed).replaceAll(" ") : trimmed, target);
        };
    }
}
