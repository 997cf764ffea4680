package org.ferry.api.connector;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of {@link Connection#test()}.
 *
 * @param ok      whether the system answered and accepted the credentials
 * @param message what was checked or what failed, for the user (no secrets)
 * @param elapsed how long the check took
 */
public record TestResult(boolean ok, String message, Duration elapsed) {
    public TestResult {
        Objects.requireNonNull(message, "message");
        elapsed = elapsed == null ? Duration.ZERO : elapsed;
    }
}
