package org.ferry.transforms.internal.text;

import java.util.Locale;
import java.util.function.BiFunction;

import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.TextValue;
import org.ferry.api.transform.ParameterType;
import org.ferry.api.transform.TransformFunction;
import org.ferry.api.transform.TransformParameter;
import org.ferry.api.transform.TransformParameters;
import org.ferry.transforms.internal.support.BuiltInTransform;
import org.ferry.transforms.internal.support.TargetValues;

/**
 * Upper- or lower-cases text. Locale-neutral unless a {@code locale} is given, so that an "i" in a code
 * does not become a dotted Turkish "İ" on a server that happens to run in Turkish.
 */
abstract class LetterCase extends BuiltInTransform {
    static final String LOCALE = "locale";

    private final BiFunction<String, Locale, String> change;

    LetterCase(String type, String displayName, String description, BiFunction<String, Locale, String> change) {
        super(type, displayName, description, localeParameter());
        this.change = change;
    }

    private static TransformParameter localeParameter() {
        return optional(LOCALE, "Language", ParameterType.TEXT,
                "A language tag (tr, de-DE) whose casing rules apply; by default language-neutral rules.");
    }

    @Override
    protected final TransformFunction prepare(TransformParameters parameters, FieldSchema target) {
        Locale locale = locale(parameters, LOCALE).orElse(Locale.ROOT);
        return (value, context) -> value instanceof TextValue t
                ? TargetValues.forRecord(change.apply(t.value(), locale), target)
                : value;
    }
}
