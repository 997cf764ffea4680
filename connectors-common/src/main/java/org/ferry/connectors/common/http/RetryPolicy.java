package org.ferry.connectors.common.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before trying a request again, and when to stop.
 *
 * <p>A server's {@code Retry-After} always wins: we never come back sooner than it asked. Without one we
 * use capped exponential backoff with full jitter ({@code rand(0, min(cap, base * 2^n))}), which spreads
 * competing clients out instead of letting them return in lock-step. Each request is bounded by a number of
 * attempts, and each operation (a page read, the write of one batch of records, with every resend its parts
 * need) by a time {@link #budget()}, so a dead or throttling service ends a run within that time instead of
 * hanging it. This is the only retry layer: the engine does not retry what a connector gave up on.
 *
 * @param maxAttempts     attempts per request, the first included
 * @param baseDelay       the backoff's first ceiling
 * @param maxDelay        the backoff's cap
 * @param budget          the most time one operation may spend, every attempt and wait included
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration budget) {

    /** 10 attempts per request, 250 ms doubling to a 30 s cap, 5 minutes per operation. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(10, Duration.ofMillis(250), Duration.ofSeconds(30), Duration.ofMinutes(5));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("budget must be positive");
        }
    }

    /** @return this policy with another time budget per operation */
    public RetryPolicy withBudget(Duration newBudget) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, newBudget);
    }

    /** @return the deadline of an operation starting now */
    public Deadline deadline() {
        return Deadline.after(budget);
    }

    /**
     * @param retryNumber 0 for the first retry
     * @return a uniformly random delay between zero and the capped exponential ceiling
     */
    public Duration backoff(int retryNumber) {
        long base = Math.max(1, baseDelay.toMillis());
        long ceiling = retryNumber >= 30 ? maxDelay.toMillis() : Math.min(maxDelay.toMillis(), base << retryNumber);
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    /**
     * Parses a {@code Retry-After} header: delta-seconds or an HTTP-date (RFC 9110 §10.2.3).
     *
     * @return the wait it asks for (zero for a date in the past), or empty if absent or unreadable
     */
    public static Optional<Duration> parseRetryAfter(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        try {
            long seconds = Long.parseLong(value);
            return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }
}
