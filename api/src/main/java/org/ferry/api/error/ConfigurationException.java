package org.ferry.api.error;

import java.util.List;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The user's configuration is wrong: a missing or malformed connection field, an unknown entity, a
 * transform parameter of the wrong type. It is never retried; the admin API answers it with 422 and
 * the {@link #problems()} as field errors.
 */
@ProviderType
public class ConfigurationException extends FerryException {
    private static final long serialVersionUID = 1L;

    private final List<FieldProblem> problems;

    /** @param problems at least one problem; each names the field at fault (or {@code null} for the whole) */
    public ConfigurationException(List<FieldProblem> problems) {
        super(summary(problems), null);
        this.problems = List.copyOf(problems);
    }

    public ConfigurationException(String field, String message) {
        this(List.of(new FieldProblem(field, message)));
    }

    /** @return the problems, never empty */
    public List<FieldProblem> problems() {
        return problems;
    }

    private static String summary(List<FieldProblem> problems) {
        Objects.requireNonNull(problems, "problems");
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a configuration error needs at least one problem");
        }
        StringBuilder text = new StringBuilder();
        for (FieldProblem p : problems) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append(p.field() == null ? p.message() : p.field() + ": " + p.message());
        }
        return text.toString();
    }
}
