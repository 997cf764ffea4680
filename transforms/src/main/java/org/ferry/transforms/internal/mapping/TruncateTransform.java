package org.ferry.transforms.internal.mapping;

import java.math.BigDecimal;
import java.math.RoundingMode;

import org.ferry.api.data.DecimalValue;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.TextValue;
import org.ferry.api.data.Value;
import org.ferry.api.data.ValueType;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.RecordException;
import org.ferry.api.transform.ParameterType;
import org.ferry.api.transform.Transform;
import org.ferry.api.transform.TransformFunction;
import org.ferry.api.transform.TransformParameters;
import org.ferry.transforms.internal.support.BuiltInTransform;
import org.osgi.service.component.annotations.Component;

/**
 * The Data Integrator's Truncate: text cut to the destination's length, numbers cut (never rounded) to
 * the digits the destination keeps, as the seed says "Numeric values (such as from Decimal to Integer)
 * are automatically truncated".
 */
@Component(service = Transform.class, property = Transform.TYPE + "=" + TruncateTransform.TYPE)
public final class TruncateTransform extends BuiltInTransform {
    static final String TYPE = "Truncate";
    static final String LENGTH = "length";

    public TruncateTransform() {
        super(TYPE, "Truncate",
                "Cuts text to the destination field's maximum length (or a given length) and decimals to the "
                        + "digits the destination keeps, rounding toward zero.",
                optional(LENGTH, "Length", ParameterType.INTEGER,
                        "The maximum number of characters; when left out, the destination field's maximum "
                                + "length. Never more than the field holds."));
    }

    @Override
    protected TransformFunction prepare(TransformParameters parameters, FieldSchema target) {
        Integer length = parameters.integer(LENGTH).orElse(null);
        if (length != null && length < 1) {
            throw new ConfigurationException(LENGTH, "must be at least 1, not " + length);
        }
        Integer fieldLength = target == null ? null : target.maxLength();
        Integer maxChars = length == null || fieldLength != null && fieldLength < length ? fieldLength : length;
        return (value, context) -> truncate(value, maxChars, target);
    }

    private static Value truncate(Value value, Integer maxChars, FieldSchema target) {
        ValueType targetType = target == null ? null : target.type();
        if (value instanceof TextValue t) {
            return maxChars == null ? t : Value.text(cut(t.value(), maxChars));
        }
        if (value instanceof DecimalValue d && targetType == ValueType.INTEGER) {
            return Value.integer(toLong(d.value().setScale(0, RoundingMode.DOWN), target));
        }
        if (value instanceof DecimalValue d && targetType == ValueType.DECIMAL && target.scale() != null
                && d.value().scale() > target.scale()) {
            return Value.decimal(d.value().setScale(target.scale(), RoundingMode.DOWN));
        }
        if (value != null && targetType == ValueType.TEXT && maxChars != null) {
            // the destination will hold this value's text, so that text is what must fit
            return Value.text(cut(value.asText(), maxChars));
        }
        return value;
    }

    /** Cuts before a split surrogate pair, so the result never holds half a character. */
    static String cut(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
        return text.substring(0, end);
    }

    private static long toLong(BigDecimal whole, FieldSchema target) {
        try {
            return whole.longValueExact();
        } catch (ArithmeticException e) {
            throw new RecordException(target.name(), "'" + whole.toPlainString()
                    + "' is too large for integer field '" + target.name() + "'");
        }
    }
}
