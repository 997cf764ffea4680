package org.ferry.admin.internal.runs;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.ferry.admin.internal.http.ProblemException;
import org.ferry.runtime.management.RunQuery;
import org.ferry.runtime.management.RunStatus;

/**
 * The query parameters of {@code GET /api/runs} turned into a {@link RunQuery}; a value that cannot be understood
 * is a 400 naming its parameter and saying what would do. An empty parameter means "any", as a form with an
 * empty field sends it.
 */
final class RunFilter {
    private static final String TIME_FORMS = "an ISO 8601 date-time such as 2026-05-01T08:00:00Z (or with an offset,"
            + " +02:00), or a date such as 2026-05-01";

    private RunFilter() {
    }

    /**
     * @param statuses repeated and/or comma-separated statuses, any case
     * @param to       exclusive; a date alone means the end of that day (UTC)
     */
    static RunQuery parse(List<String> statuses, String project, String trigger, String from, String to) {
        Instant start = time("from", from, false);
        Instant end = time("to", to, true);
        if (start != null && end != null && !end.isAfter(start)) {
            throw ProblemException.badParameter("to", "must be after from (" + start + ")");
        }
        return new RunQuery(statuses(statuses), blankToNull(project), trigger(trigger), start, end);
    }

    private static Set<RunStatus> statuses(List<String> values) {
        Set<RunStatus> result = EnumSet.noneOf(RunStatus.class);
        for (String value : values == null ? List.<String>of() : values) {
            for (String part : value.split(",")) {
                String name = part.trim();
                if (name.isEmpty()) {
                    continue;
                }
                try {
                    result.add(RunStatus.valueOf(name.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw ProblemException.badParameter("status", "'" + name + "' is not a run status; use "
                            + Arrays.stream(RunStatus.values()).map(Enum::name).collect(Collectors.joining(", ")));
                }
            }
        }
        return result;
    }

    private static String trigger(String value) {
        String trigger = blankToNull(value);
        if (trigger == null) {
            return null;
        }
        trigger = trigger.toLowerCase(Locale.ROOT);
        if (!RunQuery.TRIGGERS.contains(trigger)) {
            throw ProblemException.badParameter("trigger", "'" + value.trim() + "' is not a trigger; use "
                    + RunQuery.TRIGGERS.stream().sorted().collect(Collectors.joining(", ")));
        }
        return trigger;
    }

    private static Instant time(String name, String value, boolean endOfDay) {
        String text = blankToNull(value);
        if (text == null) {
            return null;
        }
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            throw ProblemException.badParameter(name, "'" + text + "' is not a time; use " + TIME_FORMS);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
