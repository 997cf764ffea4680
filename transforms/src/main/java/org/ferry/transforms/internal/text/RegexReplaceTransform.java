package org.ferry.transforms.internal.text;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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
 * Replaces every match of a Java regular expression:
 * {@code {"transformType": "RegexReplace", "pattern": "[^0-9+]", "replacement": ""}}. The replacement is
 * checked at compile time too, because a {@code $2} the pattern has no group for would otherwise fail
 * only on the records that happen to match.
 */
@Component(service = Transform.class, property = Transform.TYPE + "=" + RegexReplaceTransform.TYPE)
public final class RegexReplaceTransform extends BuiltInTransform {
    static final String TYPE = "RegexReplace";
    static final String PATTERN = "pattern";
    static final String REPLACEMENT = "replacement";
    static final String IGNORE_CASE = "ignoreCase";

    public RegexReplaceTransform() {
        super(TYPE, "Regular expression replace",
                "Replaces every part of the value that matches a regular expression.",
                required(PATTERN, "Pattern", ParameterType.TEXT, "A Java regular expression, e.g. [^0-9+] or (\\w+), (\\w+)."),
                optional(REPLACEMENT, "Replacement", ParameterType.TEXT,
                        "What each match becomes (default nothing); $1 or ${name} inserts a group, \\$ a dollar sign."),
                optional(IGNORE_CASE, "Ignore case", ParameterType.BOOLEAN, "Match letters in either case (default false)."));
    }

    @Override
    protected TransformFunction prepare(TransformParameters parameters, FieldSchema target) {
        String regex = parameters.requireText(PATTERN);
        if (regex.isEmpty()) {
            throw new ConfigurationException(PATTERN, "must not be empty");
        }
        int flags = parameters.bool(IGNORE_CASE).orElse(false) ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex, flags);
        } catch (PatternSyntaxException e) {
            throw new ConfigurationException(PATTERN, "is not a valid regular expression: " + e.getDescription()
                    + " near position " + e.getIndex());
        }
        String replacement = parameters.text(REPLACEMENT).orElse("");
        checkReplacement(pattern, replacement);
        return (value, context) -> value == null ? null
                : TargetValues.forRecord(pattern.matcher(value.asText()).replaceAll(replacement), target);
    }

    /** Mirrors {@link java.util.regex.Matcher#appendReplacement}'s reading of {@code \} and {@code $}. */
    private static void checkReplacement(Pattern pattern, String replacement) {
        int groups = pattern.matcher("").groupCount();
        for (int i = 0; i < replacement.length(); i++) {
            char c = replacement.charAt(i);
            if (c == '\\') {
                if (++i >= replacement.length()) {
                    throw new ConfigurationException(REPLACEMENT, "ends with a single backslash; write \\\\ for a backslash");
                }
            } else if (c == '$') {
                if (i + 1 >= replacement.length()) {
                    throw new ConfigurationException(REPLACEMENT, "ends with '$'; write \\$ for a dollar sign");
                }
                char next = replacement.charAt(i + 1);
                if (next == '{') {
                    int close = replacement.indexOf('}', i);
                    if (close < 0) {
                        throw new ConfigurationException(REPLACEMENT, "has '${' without a closing '}'");
                    }
                    String name = replacement.substring(i + 2, close);
                    if (!pattern.namedGroups().containsKey(name)) {
                        throw new ConfigurationException(REPLACEMENT, "refers to group '" + name + "', which the pattern does not name");
                    }
                    i = close;
                } else if (next >= '0' && next <= '9') {
                    if (next - '0' > groups) {
                        throw new ConfigurationException(REPLACEMENT, "refers to group $" + next + " but the pattern has "
                                + groups + " group" + (groups == 1 ? "" : "s"));
                    }
                    i++;
                } else {
                    throw new ConfigurationException(REPLACEMENT, "has '$' not followed by a group number or {name}; "
                            + "write \\$ for a dollar sign");
                }
            }
        }
    }
}
