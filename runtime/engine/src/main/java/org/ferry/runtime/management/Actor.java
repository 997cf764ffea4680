package org.ferry.runtime.management;

import java.util.Objects;

/**
 * Who asks for a change, for the audit log and consent records.
 *
 * @param username the user's name, or {@code system} / {@code scheduler} for the server itself
 * @param role     the user's role ({@code admin}, {@code operator}, {@code viewer}, {@code system})
 */
public record Actor(String username, String role) {
    public static final Actor SYSTEM = new Actor("system", "system");
    public static final Actor SCHEDULER = new Actor("scheduler", "system");

    public Actor {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
    }
}
