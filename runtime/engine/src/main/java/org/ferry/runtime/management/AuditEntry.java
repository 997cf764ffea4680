package org.ferry.runtime.management;

import java.time.Instant;

/**
 * One entry of the audit log.
 *
 * @param at      when
 * @param actor   who
 * @param action  what, e.g. {@code project.create}, {@code consent.accept}, {@code connection.update}, {@code login}
 * @param subject what it was done to ({@code project:<id>}), or {@code null}
 * @param detail  more, never secrets
 */
public record AuditEntry(Instant at, String actor, String action, String subject, String detail) {
}
