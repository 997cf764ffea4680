package org.ferry.runtime.management;

import java.time.Instant;

/**
 * A project's schedule: every {@code every} {@code unit}s from {@code start}, until {@code end} if given.
 *
 * @param every   the interval count, at least 1
 * @param unit    {@code minutes}, {@code hours}, {@code days}, {@code weeks} or {@code months}
 * @param start   the first slot
 * @param end     no runs after this, or {@code null} to run indefinitely
 * @param enabled whether it fires
 * @param nextRun the next slot, computed ({@code null} in a draft or after the end)
 * @param lastRun the last run it started, or {@code null}
 */
public record ScheduleInfo(int every, String unit, Instant start, Instant end, boolean enabled, Instant nextRun,
                           String lastRun) {
}
