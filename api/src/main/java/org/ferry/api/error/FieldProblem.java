package org.ferry.api.error;

import java.util.Objects;

/**
 * One thing wrong with a configuration or a record.
 *
 * @param field   the name of the field at fault, a dotted path for nested fields ({@code config.baseUrl}),
 *                or {@code null} when the problem is not about one field
 * @param message what is wrong and, where possible, how to fix it; never {@code null}
 */
public record FieldProblem(String field, String message) {
    public FieldProblem {
        Objects.requireNonNull(message, "message");
    }
}
