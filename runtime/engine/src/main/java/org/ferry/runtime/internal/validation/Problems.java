package org.ferry.runtime.internal.validation;

import java.util.ArrayList;
import java.util.List;

import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.FieldProblem;

/**
 * Collects what is wrong with a request so the user sees every problem at once (one 422 listing all
 * fields) instead of fixing them one round trip at a time. Not thread-safe: one per request.
 */
public final class Problems {
    /** Longest display name accepted; the store's name columns are at least this wide. */
    public static final int MAX_NAME = 200;

    private final List<FieldProblem> problems = new ArrayList<>();

    public Problems add(String field, String message) {
        problems.add(new FieldProblem(field, message));
        return this;
    }

    public Problems addAll(List<FieldProblem> more) {
        problems.addAll(more);
        return this;
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public List<FieldProblem> list() {
        return List.copyOf(problems);
    }

    /** @throws ConfigurationException listing every problem, if there is any */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
    }

    /**
     * Checks a display name: required, at most {@link #MAX_NAME} characters, and printable. Any
     * printable character is allowed (the Data Integrator's "alphanumeric only" was a limitation, not a
     * rule); control characters are not, as they break logs, exports and the console.
     *
     * @return whether the name is acceptable
     */
    public boolean name(String field, String value) {
        if (value == null || value.isBlank()) {
            add(field, "is required");
            return false;
        }
        if (value.length() > MAX_NAME) {
            add(field, "must be at most " + MAX_NAME + " characters");
            return false;
        }
        if (!printable(value)) {
            add(field, "must contain only printable characters (no control characters or line breaks)");
            return false;
        }
        return true;
    }

    /** @return whether the text holds no control characters, line or paragraph separators, nor broken surrogates */
    public static boolean printable(String value) {
        return value.codePoints().noneMatch(cp -> Character.isISOControl(cp)
                || Character.getType(cp) == Character.LINE_SEPARATOR
                || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR
                || Character.getType(cp) == Character.SURROGATE);
    }
}
