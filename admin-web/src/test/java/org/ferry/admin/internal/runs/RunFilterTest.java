package org.ferry.admin.internal.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.ferry.admin.internal.http.ProblemException;
import org.ferry.runtime.management.RunQuery;
import org.ferry.runtime.management.RunStatus;
import org.junit.jupiter.api.Test;

/** The runs list's query parameters: what each accepts, and the 400 that names it when it cannot be understood. */
class RunFilterTest {

    @Test
    void statusesAreRepeatedOrCommaSeparatedInAnyCase() {
        RunQuery q = RunFilter.parse(List.of("error, Warning", "completed", ""), null, null, null, null);

        assertEquals(Set.of(RunStatus.ERROR, RunStatus.WARNING, RunStatus.COMPLETED), q.statuses());
    }

    @Test
    void emptyParametersMeanAny() {
        RunQuery q = RunFilter.parse(List.of(""), " ", "", "", null);

        assertEquals(RunQuery.all(), q);
    }

    @Test
    void aDateStartsOrEndsADayAndADateTimeKeepsItsOffset() {
        RunQuery q = RunFilter.parse(null, "p1", "API", "2026-05-01", "2026-05-01");

        assertEquals(Instant.parse("2026-05-01T00:00:00Z"), q.from());
        assertEquals(Instant.parse("2026-05-02T00:00:00Z"), q.to(), "to=<date> takes in the whole day");
        assertEquals("api", q.trigger());
        assertEquals("p1", q.projectId());
        assertEquals(Instant.parse("2026-05-01T06:00:00Z"),
                RunFilter.parse(null, null, null, "2026-05-01T08:00:00+02:00", null).from());
        assertNull(RunFilter.parse(null, null, null, null, "2026-05-01T08:00:00Z").from());
    }

    @Test
    void whatCannotBeUnderstoodIsA400NamingTheParameterAndTheChoices() {
        assertProblem("status", "RUNNING", () -> RunFilter.parse(List.of("DONE"), null, null, null, null));
        assertProblem("trigger", "schedule", () -> RunFilter.parse(null, null, "cron", null, null));
        assertProblem("from", "2026-05-01", () -> RunFilter.parse(null, null, null, "yesterday", null));
        assertProblem("to", "2026-05-01", () -> RunFilter.parse(null, null, null, null, "2026-02-30"));
        assertProblem("to", "after from", () -> RunFilter.parse(null, null, null, "2026-05-02", "2026-05-01T12:00:00Z"));
    }

    private static void assertProblem(String parameter, String hint, Runnable parse) {
        ProblemException e = assertThrows(ProblemException.class, parse::run);
        assertEquals(400, e.status());
        assertEquals(parameter, e.errors().get(0).field());
        assertTrue(e.getMessage().contains(hint), e.getMessage() + " should mention " + hint);
        assertTrue(Arrays.stream(new String[] {e.errors().get(0).message()}).noneMatch(String::isBlank));
    }
}
