package org.ferry.runtime.internal.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.FieldProblem;
import org.ferry.runtime.internal.EngineFixture;
import org.ferry.runtime.management.AuditEntry;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.NotFoundException;
import org.ferry.runtime.management.ProjectDraft;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.ScheduleInfo;
import org.junit.jupiter.api.Test;

class ScheduleManagerTest extends EngineFixture {

    private ProjectInfo project() {
        ConnectionSetInfo set = sets.create(new ConnectionSetInfo(null, "S " + System.nanoTime(), Map.of("cds", connection("C", "cds").id()),
                List.of(), Map.of(), null, null), ADMIN);
        return projects.create(new ProjectDraft("Scheduled " + System.nanoTime(), null, set.id(), null, true, null), ADMIN);
    }

    @Test
    void putComputesTheNextSlotFromNow() {
        ProjectInfo p = project();
        clock.set(Instant.parse("2026-03-10T10:31:00Z"));
        ScheduleInfo saved = schedules.put(p.id(), new ScheduleInfo(15, "minutes", Instant.parse("2026-03-10T10:00:00Z"),
                null, true, Instant.parse("1999-01-01T00:00:00Z"), "ignored"), ADMIN);
        assertEquals(Instant.parse("2026-03-10T10:45:00Z"), saved.nextRun());
        assertNull(saved.lastRun(), "the last run is the scheduler's to record");
        assertEquals(saved, schedules.get(p.id()).orElseThrow());
        AuditEntry entry = auditFor("project:" + p.id()).get(0);
        assertEquals("schedule.put", entry.action());
        assertTrue(entry.detail().startsWith("every 15 minutes from 2026-03-10T10:00:00Z"), entry.detail());

        assertEquals(List.of(), schedules.due(Instant.parse("2026-03-10T10:44:59Z")).stream()
                .filter(p.id()::equals).toList());
        assertEquals(List.of(p.id()), schedules.due(Instant.parse("2026-03-10T10:45:00Z")).stream()
                .filter(p.id()::equals).toList());
        ScheduleInfo fired = schedules.recordRun(p.id(), "run-7", Instant.parse("2026-03-10T10:45:00.200Z")).orElseThrow();
        assertEquals("run-7", fired.lastRun());
        assertEquals(Instant.parse("2026-03-10T11:00:00Z"), fired.nextRun());

        ScheduleInfo monthly = schedules.put(p.id(), new ScheduleInfo(1, "months", Instant.parse("2026-01-31T09:00:00Z"),
                Instant.parse("2026-12-31T00:00:00Z"), false, null, null), ADMIN);
        assertEquals(Instant.parse("2026-03-31T09:00:00Z"), monthly.nextRun());
        assertEquals("run-7", monthly.lastRun(), "changing the schedule keeps its history");
        assertTrue(schedules.due(Instant.parse("2027-01-01T00:00:00Z")).stream().noneMatch(p.id()::equals),
                "a disabled schedule is never due");

        clock.advance(Duration.ofDays(365));
        ScheduleInfo ended = schedules.put(p.id(), monthly, ADMIN);
        assertNull(ended.nextRun(), "no slot after the end");

        schedules.delete(p.id(), ADMIN);
        assertTrue(schedules.get(p.id()).isEmpty());
        assertEquals("schedule.delete", auditFor("project:" + p.id()).get(0).action());
        assertThrows(NotFoundException.class, () -> schedules.delete(p.id(), ADMIN));
        clock.set(Instant.parse("2026-03-10T08:00:00Z"));
    }

    @Test
    void everyProblemIsNamed() {
        ProjectInfo p = project();
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> schedules.put(p.id(),
                new ScheduleInfo(0, "fortnights", null, null, true, null, null), ADMIN));
        assertEquals(Set.of("every", "unit", "start"), e.problems().stream().map(FieldProblem::field)
                .collect(Collectors.toSet()));
        e = assertThrows(ConfigurationException.class, () -> schedules.put(p.id(), new ScheduleInfo(1, "days",
                Instant.parse("2026-03-10T10:00:00Z"), Instant.parse("2026-03-10T10:00:00Z"), true, null, null), ADMIN));
        assertEquals(List.of(new FieldProblem("end", "must be after the start")), e.problems());
        assertThrows(NotFoundException.class, () -> schedules.put("no-such-project", new ScheduleInfo(1, "days",
                Instant.parse("2026-03-10T10:00:00Z"), null, true, null, null), ADMIN));
    }
}
