package org.ferry.transforms.internal.text;

import java.util.ArrayList;
import java.util.List;

import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.Value;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.RecordException;
import org.ferry.api.transform.ParameterType;
import org.ferry.api.transform.Transform;
import org.ferry.api.transform.TransformContext;
import org.ferry.api.transform.TransformFunction;
import org.ferry.api.transform.TransformParameters;
import org.ferry.transforms.internal.support.BuiltInTransform;
import org.ferry.transforms.internal.support.TargetValues;
import org.osgi.service.component.annotations.Component;

/**
 * Joins source fields and literal text:
 * {@code {"transformType": "Concatenate", "fields": ["firstname", "' '", "lastname"]}}.
 *
 * <p>A part in single quotes is literal text, {@code $value} is the value so far in the chain (the mapped
 * source field), anything else is a source field path. The chain value is used only where {@code $value}
 * appears, so a list of fields reads the same whatever the mapping's source field is.
 */
@Component(service = Transform.class, property = Transform.TYPE + "=" + ConcatenateTransform.TYPE)
public final class ConcatenateTransform extends BuiltInTransform {
    static final String TYPE = "Concatenate";
    static final String FIELDS = "fields";
    static final String SEPARATOR = "separator";
    static final String SKIP_EMPTY = "skipEmpty";
    static final String CHAIN_VALUE = "$value";

    private sealed interface Part permits Literal, SourceField, ChainValue {
    }

    private record Literal(String text) implements Part {
    }

    private record SourceField(String path) implements Part {
    }

    private record ChainValue() implements Part {
    }

    public ConcatenateTransform() {
        super(TYPE, "Concatenate",
                "Joins source fields and literal text into one value, with an optional separator.",
                required(FIELDS, "Parts", ParameterType.LIST,
                        "Source field paths (firstname, primarycontactid.fullname), literal text in single quotes "
                                + "(' - '), or $value for the mapped source field, in order."),
                optional(SEPARATOR, "Separator", ParameterType.TEXT, "Text put between the parts (default none)."),
                optional(SKIP_EMPTY, "Skip empty parts", ParameterType.BOOLEAN,
                        "Leave out parts with no value or blank text, so no separator is doubled (default true)."));
    }

    @Override
    protected TransformFunction prepare(TransformParameters parameters, FieldSchema target) {
        List<String> items = parameters.list(FIELDS).orElseThrow(() -> new ConfigurationException(FIELDS, "is required"));
        if (items.isEmpty()) {
            throw new ConfigurationException(FIELDS, "must name at least one part");
        }
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            parts.add(part(items.get(i), i));
        }
        String separator = parameters.text(SEPARATOR).orElse("");
        boolean skipEmpty = parameters.bool(SKIP_EMPTY).orElse(true);
        String field = fieldName(target);
        return (value, context) -> {
            List<String> texts = new ArrayList<>();
            for (Part part : parts) {
                String text = text(part, value, context, field);
                if (!skipEmpty || text != null && !text.isBlank()) {
                    texts.add(text == null ? "" : text);
                }
            }
            return texts.isEmpty() ? null : TargetValues.forRecord(String.join(separator, texts), target);
        };
    }

    private static Part part(String item, int index) {
        if (item == null || item.isBlank()) {
            throw new ConfigurationException(FIELDS, "part " + (index + 1) + " is empty; write literal text in single quotes");
        }
        if (item.length() >= 2 && item.startsWith("'") && item.endsWith("'")) {
            return new Literal(item.substring(1, item.length() - 1));
        }
        return item.strip().equals(CHAIN_VALUE) ? new ChainValue() : new SourceField(item.strip());
    }

    private static String text(Part part, Value chainValue, TransformContext context, String field) {
        return switch (part) {
            case Literal l -> l.text();
            case ChainValue c -> chainValue == null ? null : chainValue.asText();
            case SourceField f -> {
                if (context == null) {
                    throw new RecordException(field, "cannot read source field '" + f.path() + "' without the source record");
                }
                Value v = context.field(f.path());
                yield v == null ? null : v.asText();
            }
        };
    }
}
