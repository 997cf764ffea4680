package org.ferry.transforms.internal.format;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.Optional;

import org.ferry.api.data.DecimalValue;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.IntegerValue;
import org.ferry.api.data.Value;
import org.ferry.api.data.ValueType;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.RecordException;
import org.ferry.api.transform.ParameterType;
import org.ferry.api.transform.Transform;
import org.ferry.api.transform.TransformFunction;
import org.ferry.api.transform.TransformParameters;
import org.ferry.transforms.internal.support.BuiltInTransform;
import org.ferry.transforms.internal.support.TargetValues;
import org.osgi.service.component.annotations.Component;

/**
 * Reads numbers written as text in a local style ({@code 1.234,56}) and writes them as numbers, or as text
 * in a {@link DecimalFormat} pattern: {@code {"transformType": "NumberFormat", "locale": "de-DE"}}.
 *
 * <p>Into an integer field a fraction is cut toward zero, as the Data Integrator does for numbers; a
 * pattern rounds half up, as people expect of a displayed amount.
 */
@Component(service = Transform.class, property = Transform.TYPE + "=" + NumberFormatTransform.TYPE)
public final class NumberFormatTransform extends BuiltInTransform {
    static final String TYPE = "NumberFormat";
    static final String LOCALE = "locale";
    static final String DECIMAL_SEPARATOR = "decimalSeparator";
    static final String GROUPING_SEPARATOR = "groupingSeparator";
    static final String PATTERN = "pattern";

    public NumberFormatTransform() {
        super(TYPE, "Number format",
                "Reads a number written in a local style and writes it as a number, or as text in a pattern.",
                optional(LOCALE, "Language", ParameterType.TEXT,
                        "Language tag whose separators the source uses, e.g. de-DE for 1.234,56 (default: 1,234.56)."),
                optional(DECIMAL_SEPARATOR, "Decimal separator", ParameterType.TEXT,
                        "The character before the fraction, overriding the language's (. or ,)."),
                optional(GROUPING_SEPARATOR, "Grouping separator", ParameterType.TEXT,
                        "The character between thousands, overriding the language's; white space is always ignored."),
                optional(PATTERN, "Write pattern", ParameterType.TEXT,
                        "Write the number as text in this pattern, e.g. #,##0.00 (rounded half up); by default "
                                + "the destination field's type decides."));
    }

    @Override
    protected TransformFunction prepare(TransformParameters parameters, FieldSchema target) {
        DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(locale(parameters, LOCALE).orElse(Locale.ROOT));
        separator(parameters, DECIMAL_SEPARATOR).ifPresent(symbols::setDecimalSeparator);
        separator(parameters, GROUPING_SEPARATOR).ifPresent(symbols::setGroupingSeparator);
        if (symbols.getDecimalSeparator() == symbols.getGroupingSeparator()) {
            throw new ConfigurationException(DECIMAL_SEPARATOR, "must differ from the grouping separator '"
                    + symbols.getGroupingSeparator() + "'");
        }
        DecimalFormat pattern = parameters.text(PATTERN).map(p -> pattern(p, symbols, target)).orElse(null);
        ValueType targetType = target == null ? null : target.type();
        if (pattern == null && targetType != null && targetType != ValueType.INTEGER && targetType != ValueType.DECIMAL
                && !TargetValues.isTextual(target)) {
            throw new ConfigurationException(PATTERN, "a number cannot be written to " + TargetValues.describe(target));
        }
        String field = fieldName(target);
        return (value, context) -> {
            if (isMissing(value)) {
                return null;
            }
            BigDecimal number = number(value, symbols, field);
            if (pattern != null) {
                // DecimalFormat keeps state while formatting, so each record gets its own copy
                return Value.text(((DecimalFormat) pattern.clone()).format(number));
            }
            if (targetType == null || targetType == ValueType.DECIMAL) {
                return Value.decimal(number);
            }
            if (targetType == ValueType.INTEGER) {
                return Value.integer(whole(number, field));
            }
            return Value.text(Value.decimal(number).asText());
        };
    }

    private static BigDecimal number(Value value, DecimalFormatSymbols symbols, String field) {
        if (value instanceof DecimalValue d) {
            return d.value();
        }
        if (value instanceof IntegerValue i) {
            return BigDecimal.valueOf(i.value());
        }
        String text = value.asText().strip();
        StringBuilder plain = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == symbols.getDecimalSeparator()) {
                plain.append('.');
            } else if (c == symbols.getMinusSign() || c == '\u2212') {
                plain.append('-');
            } else if (c != symbols.getGroupingSeparator() && !Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                plain.append(c);
            }
        }
        String s = plain.toString();
        try {
            return new BigDecimal(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            throw new RecordException(field, "'" + text + "' is not a number with decimal separator '"
                    + symbols.getDecimalSeparator() + "' and grouping separator '" + symbols.getGroupingSeparator() + "'");
        }
    }

    private static long whole(BigDecimal number, String field) {
        try {
            return number.setScale(0, RoundingMode.DOWN).longValueExact();
        } catch (ArithmeticException e) {
            throw new RecordException(field, "'" + number.toPlainString() + "' is too large for an integer field");
        }
    }

    private static Optional<Character> separator(TransformParameters parameters, String name) {
        Optional<String> text = parameters.text(name);
        if (text.isPresent() && text.get().length() != 1) {
            throw new ConfigurationException(name, "must be a single character, not '" + text.get() + "'");
        }
        return text.map(s -> s.charAt(0));
    }

    private static DecimalFormat pattern(String pattern, DecimalFormatSymbols symbols, FieldSchema target) {
        if (!TargetValues.isTextual(target)) {
            throw new ConfigurationException(PATTERN, "writes text, but " + TargetValues.describe(target)
                    + " takes the number itself; leave 'pattern' out");
        }
        try {
            DecimalFormat format = new DecimalFormat(pattern, symbols);
            format.setRoundingMode(RoundingMode.HALF_UP);
            return format;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(PATTERN, "is not a valid number pattern: " + e.getMessage());
        }
    }
}
