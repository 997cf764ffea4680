package org.ferry.runtime.management;

import java.time.Instant;

/**
 * A user of the admin API and console. Passwords are never part of it.
 *
 * @param username  the login name
 * @param role      {@code admin}, {@code operator} or {@code viewer}
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record UserInfo(String username, String role, Instant createdAt, Instant updatedAt) {
}
