package org.ferry.runtime.internal.schedules;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The slots of a schedule: {@code start + k * every unit} for k = 0, 1, 2… up to {@code end}. Minutes,
 * hours, days and weeks are fixed lengths (the server keeps time in UTC, so a day is always 24 hours);
 * months are calendar months counted from the start, each slot computed from the start rather than
 * from the previous slot, so a schedule starting on the 31st runs on the last day of shorter months and
 * comes back to the 31st (Jan 31, Feb 28, Mar 31), instead of drifting to the 28th for good.
 */
public final class ScheduleSlots {
    public static final List<String> UNITS = List.of("minutes", "hours", "days", "weeks", "months");

    private ScheduleSlots() {
    }

    /**
     * @return the first slot at or after {@code notBefore}, or {@code null} if it would be after {@code end}
     * @throws IllegalArgumentException for an unknown unit or {@code every < 1}
     */
    public static Instant firstAtOrAfter(int every, String unit, Instant start, Instant end, Instant notBefore) {
        if (every < 1) {
            throw new IllegalArgumentException("every must be at least 1");
        }
        Instant slot = unit.equals("months") ? monthSlot(every, start, notBefore)
                : fixedSlot(interval(every, unit), start, notBefore);
        return end != null && slot.isAfter(end) ? null : slot;
    }

    /** @return the first slot strictly after {@code after}, or {@code null} past the end */
    public static Instant firstAfter(int every, String unit, Instant start, Instant end, Instant after) {
        return firstAtOrAfter(every, unit, start, end, after.plusNanos(1));
    }

    private static Instant fixedSlot(Duration interval, Instant start, Instant notBefore) {
        if (!notBefore.isAfter(start)) {
            return start;
        }
        Duration elapsed = Duration.between(start, notBefore);
        long k = elapsed.dividedBy(interval);
        Instant slot = start.plus(interval.multipliedBy(k));
        return slot.isBefore(notBefore) ? slot.plus(interval) : slot;
    }

    private static Instant monthSlot(int every, Instant start, Instant notBefore) {
        if (!notBefore.isAfter(start)) {
            return start;
        }
        ZonedDateTime origin = start.atZone(ZoneOffset.UTC);
        long months = ChronoUnit.MONTHS.between(origin, notBefore.atZone(ZoneOffset.UTC));
        // start from a slot at or just before notBefore (month arithmetic clamps days, so step back one to be safe)
        long k = Math.max(0, months / every - 1);
        Instant slot = origin.plusMonths(k * every).toInstant();
        while (slot.isBefore(notBefore)) {
            k++;
            slot = origin.plusMonths(k * every).toInstant();
        }
        return slot;
    }

    private static Duration interval(int every, String unit) {
        return switch (unit) {
            case "minutes" -> Duration.ofMinutes(every);
            case "hours" -> Duration.ofHours(every);
            case "days" -> Duration.ofDays(every);
            case "weeks" -> Duration.ofDays(7L * every);
            default -> throw new IllegalArgumentException("unit must be one of " + UNITS);
        };
    }
}
