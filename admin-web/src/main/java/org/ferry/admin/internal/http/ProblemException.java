package org.ferry.admin.internal.http;

import java.util.List;
import java.util.Map;

import org.ferry.api.error.FieldProblem;

/**
 * An error a resource or filter answers with a given status, as a problem body. Code throws it rather
 * than build responses, so every error leaves through {@link ProblemMapper} in the same shape.
 */
public class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String title;
    private final transient List<FieldProblem> errors;
    private final transient Map<String, String> headers;

    public ProblemException(int status, String title, String detail, List<FieldProblem> errors) {
        this(status, title, detail, errors, Map.of());
    }

    public ProblemException(int status, String title, String detail, List<FieldProblem> errors,
                            Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "Not Found", what + " does not exist", List.of());
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail, List.of());
    }

    /** A query parameter that cannot be understood: 400, naming the parameter. */
    public static ProblemException badParameter(String name, String message) {
        return new ProblemException(400, "Bad Request", name + ": " + message, List.of(new FieldProblem(name, message)));
    }

    public static ProblemException invalid(String field, String message) {
        return new ProblemException(422, "Unprocessable Content", field + ": " + message,
                List.of(new FieldProblem(field, message)));
    }

    public static ProblemException unavailable(String what) {
        return new ProblemException(503, "Service Unavailable", what + " is not available right now; try again shortly",
                List.of(), Map.of("Retry-After", "5"));
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldProblem> errors() {
        return errors;
    }

    /** Headers the response must carry, e.g. {@code WWW-Authenticate} on 401 or {@code Retry-After} on 429. */
    public Map<String, String> headers() {
        return headers;
    }
}
