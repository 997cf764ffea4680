package org.ferry.transforms.internal.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.TextValue;
import org.ferry.api.data.Value;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.FieldProblem;
import org.ferry.api.transform.ParameterType;
import org.ferry.api.transform.Transform;
import org.ferry.api.transform.TransformFunction;
import org.ferry.api.transform.TransformParameter;
import org.ferry.api.transform.TransformParameters;

/**
 * What every built-in transform shares: its description for the console, and a compile step that
 * refuses parameters the transform does not take, so a typo such as {@code defaultvalue} is reported
 * at validation instead of silently doing nothing.
 */
public abstract class BuiltInTransform implements Transform {
    /** Tolerated although the engine strips it: a chain element copied verbatim still compiles. */
    private static final String TRANSFORM_TYPE = "transformType";

    private final String type;
    private final String displayName;
    private final String description;
    private final List<TransformParameter> parameters;

    protected BuiltInTransform(String type, String displayName, String description, TransformParameter... parameters) {
        this.type = Objects.requireNonNull(type, "type");
        this.displayName = Objects.requireNonNull(displayName, "displayName");
        this.description = Objects.requireNonNull(description, "description");
        this.parameters = List.of(parameters);
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final String displayName() {
        return displayName;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final List<TransformParameter> parameters() {
        return parameters;
    }

    @Override
    public final TransformFunction compile(TransformParameters parameters, FieldSchema target) {
        TransformParameters given = parameters == null ? TransformParameters.empty() : parameters;
        rejectUnknown(given);
        return prepare(given, target);
    }

    /**
     * Checks the parameters against the destination field and builds the function.
     *
     * @param target the destination field, or {@code null} when unknown
     * @throws ConfigurationException naming the parameter at fault
     */
    protected abstract TransformFunction prepare(TransformParameters parameters, FieldSchema target);

    private void rejectUnknown(TransformParameters given) {
        Set<String> known = parameters.stream().map(TransformParameter::name).collect(Collectors.toSet());
        List<FieldProblem> problems = new ArrayList<>();
        for (String name : given.values().keySet()) {
            if (known.contains(name) || name.equals(TRANSFORM_TYPE)) {
                continue;
            }
            Optional<String> sameIgnoringCase = known.stream().filter(k -> k.equalsIgnoreCase(name)).findFirst();
            problems.add(new FieldProblem(name, sameIgnoringCase
                    .map(k -> "is not a parameter of " + type + "; did you mean '" + k + "'?")
                    .orElse("is not a parameter of " + type + (known.isEmpty() ? ", which takes none"
                            : "; it takes " + String.join(", ", parameters.stream().map(TransformParameter::name).toList())))));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
    }

    protected static TransformParameter required(String name, String label, ParameterType type, String description) {
        return new TransformParameter(name, label, type, true, description);
    }

    protected static TransformParameter optional(String name, String label, ParameterType type, String description) {
        return new TransformParameter(name, label, type, false, description);
    }

    /** @return the destination field's name for record errors, or {@code null} when unknown */
    protected static String fieldName(FieldSchema target) {
        return target == null ? null : target.name();
    }

    /** @return whether a value counts as absent: none at all, or text with nothing but white space */
    protected static boolean isMissing(Value value) {
        return value == null || value instanceof TextValue t && t.value().isBlank();
    }

    /**
     * Reads a language-tag parameter ({@code de-DE}); an unknown but well-formed tag is accepted, as the
     * JDK falls back to root data for it.
     */
    protected static Optional<Locale> locale(TransformParameters parameters, String name) {
        Optional<String> tag = parameters.text(name);
        if (tag.isEmpty()) {
            return Optional.empty();
        }
        Locale locale = Locale.forLanguageTag(tag.get().trim().replace('_', '-'));
        if (locale.getLanguage().isEmpty()) {
            throw new ConfigurationException(name, "'" + tag.get() + "' is not a language tag such as 'en-US' or 'de'");
        }
        return Optional.of(locale);
    }
}
