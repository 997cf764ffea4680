package org.ferry.runtime.internal.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class ScheduleSlotsTest {
    private static Instant t(String s) {
        return Instant.parse(s);
    }

    @Test
    void minutesCountFromTheStart() {
        Instant start = t("2026-03-10T10:00:00Z");
        assertEquals(start, ScheduleSlots.firstAtOrAfter(15, "minutes", start, null, t("2026-03-01T00:00:00Z")));
        assertEquals(start, ScheduleSlots.firstAtOrAfter(15, "minutes", start, null, start));
        assertEquals(t("2026-03-10T10:45:00Z"), ScheduleSlots.firstAtOrAfter(15, "minutes", start, null,
                t("2026-03-10T10:31:07Z")));
        assertEquals(t("2026-03-10T10:45:00Z"), ScheduleSlots.firstAtOrAfter(15, "minutes", start, null,
                t("2026-03-10T10:45:00Z")));
        assertEquals(t("2026-03-10T11:00:00Z"), ScheduleSlots.firstAfter(15, "minutes", start, null,
                t("2026-03-10T10:45:00Z")));
        assertEquals(t("2026-03-10T10:01:00Z"), ScheduleSlots.firstAtOrAfter(1, "minutes", start, null,
                t("2026-03-10T10:00:00.001Z")));
    }

    @Test
    void hoursDaysAndWeeksAreFixedLengthsInUtc() {
        Instant start = t("2026-03-28T02:30:00Z"); // a European DST weekend: no effect in UTC
        assertEquals(t("2026-03-28T08:30:00Z"), ScheduleSlots.firstAtOrAfter(3, "hours", start, null, t("2026-03-28T06:00:00Z")));
        assertEquals(t("2026-03-30T02:30:00Z"), ScheduleSlots.firstAtOrAfter(2, "days", start, null, t("2026-03-29T03:00:00Z")));
        assertEquals(t("2026-04-11T02:30:00Z"), ScheduleSlots.firstAtOrAfter(2, "weeks", start, null, t("2026-03-30T00:00:00Z")));
    }

    @Test
    void monthsAreCalendarMonthsFromTheStartAndSurviveShortMonths() {
        Instant start = t("2026-01-31T09:00:00Z");
        assertEquals(t("2026-02-28T09:00:00Z"), ScheduleSlots.firstAtOrAfter(1, "months", start, null, t("2026-02-15T00:00:00Z")));
        assertEquals(t("2026-03-31T09:00:00Z"), ScheduleSlots.firstAtOrAfter(1, "months", start, null, t("2026-03-01T00:00:00Z")));
        assertEquals(t("2026-03-31T09:00:00Z"), ScheduleSlots.firstAfter(1, "months", start, null, t("2026-02-28T09:00:00Z")));
        assertEquals(t("2026-04-30T09:00:00Z"), ScheduleSlots.firstAtOrAfter(1, "months", start, null, t("2026-03-31T09:00:01Z")));
        assertEquals(t("2026-03-31T09:00:00Z"), ScheduleSlots.firstAtOrAfter(2, "months", start, null, t("2026-02-01T00:00:00Z")));
        assertEquals(t("2028-02-29T09:00:00Z"), ScheduleSlots.firstAtOrAfter(1, "months", start, null, t("2028-02-02T00:00:00Z")));
        assertEquals(t("2027-01-31T09:00:00Z"), ScheduleSlots.firstAtOrAfter(12, "months", start, null, t("2026-02-01T00:00:00Z")));
        assertEquals(t("2036-01-31T09:00:00Z"), ScheduleSlots.firstAtOrAfter(1, "months", start, null, t("2036-01-30T10:00:00Z")));
    }

    @Test
    void noSlotAfterTheEnd() {
        Instant start = t("2026-03-10T10:00:00Z");
        Instant end = t("2026-03-10T12:00:00Z");
        assertEquals(end, ScheduleSlots.firstAtOrAfter(1, "hours", start, end, t("2026-03-10T11:30:00Z")));
        assertNull(ScheduleSlots.firstAtOrAfter(1, "hours", start, end, t("2026-03-10T12:00:01Z")));
        assertNull(ScheduleSlots.firstAtOrAfter(1, "months", start, t("2026-04-01T00:00:00Z"), t("2026-03-11T00:00:00Z")));
    }
}
