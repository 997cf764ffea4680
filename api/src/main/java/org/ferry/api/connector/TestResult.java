package org.ferry.api.connector;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.FieldProblem;

/**
 * The outcome of {@link Connection#test()}.
 *
 * @param ok       whether the system answered and accepted the credentials
 * @param message  what was checked or what failed, for the user (no secrets)
 * @param elapsed  how long the check took
 * @param problems for a failed test, the configuration fields at fault where the connector can tell (the token
 *                 endpoint refused the client secret: {@code clientSecret}), so the console marks those fields;
 *                 empty otherwise
 * @since 1.3 (problems)
 */
public record TestResult(boolean ok, String message, Duration elapsed, List<FieldProblem> problems) {
    public TestResult {
        Objects.requireNonNull(message, "message");
        elapsed = elapsed == null ? Duration.ZERO : elapsed;
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    public TestResult(boolean ok, String message, Duration elapsed) {
        this(ok, message, elapsed, List.of());
    }

    /**
     * A failed test caused by the configuration: the exception's message, and its problems as the fields at fault.
     *
     * @since 1.3
     */
    public static TestResult refused(ConfigurationException e, Duration elapsed) {
        return new TestResult(false, e.getMessage(), elapsed, e.problems());
    }
}
