package org.ferry.connectors.common.http;

import java.time.Duration;

/**
 * The time one operation may still take, every attempt and every wait included: a page read, or a write of one
 * batch of records with all its resends. Passed down to each request of the operation, so retries at any level
 * spend the same budget instead of each level starting one of its own.
 */
public final class Deadline {
    private final long endNanos;
    private final Duration budget;

    private Deadline(Duration budget) {
        this.budget = budget;
        this.endNanos = System.nanoTime() + budget.toNanos();
    }

    /** @return a deadline {@code budget} from now */
    public static Deadline after(Duration budget) {
        return new Deadline(budget);
    }

    /** @return the time left, zero once passed */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

    public boolean passed() {
        return endNanos - System.nanoTime() <= 0;
    }

    /** @return whether after waiting {@code wait} there is still time for another attempt */
    public boolean allows(Duration wait) {
        return remaining().compareTo(wait) > 0;
    }

    /** @return the whole budget this deadline was set with, for messages */
    public Duration budget() {
        return budget;
    }
}
