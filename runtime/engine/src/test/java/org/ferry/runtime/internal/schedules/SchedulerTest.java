package org.ferry.runtime.internal.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.ferry.runtime.internal.EngineFixture;
import org.ferry.runtime.management.Actor;
import org.ferry.runtime.management.ConflictException;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.ProjectDraft;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.RunErrorInfo;
import org.ferry.runtime.management.RunInfo;
import org.ferry.runtime.management.RunService;
import org.ferry.runtime.management.RunStatus;
import org.ferry.runtime.management.ScheduleInfo;
import org.junit.jupiter.api.Test;

/** The scheduler over the real schedule store, with a clock the test moves and a run service that records starts. */
class SchedulerTest extends EngineFixture {
    private final StartRecorder runs = new StartRecorder();

    @Test
    void aDueScheduleStartsOneRunAndMovesToItsNextSlot() {
        ProjectInfo p = project("every 15 minutes");
        schedules.put(p.id(), new ScheduleInfo(15, "minutes", clock.instant(), null, true, null, null), ADMIN);
        Scheduler scheduler = new Scheduler(schedules, runs, clock);

        assertEquals(1, fired(scheduler, p), "the first slot is the start itself");
        assertEquals(0, fired(scheduler, p), "nothing is due until the next slot");
        clock.advance(Duration.ofMinutes(15));
        assertEquals(1, fired(scheduler, p));
        assertEquals("schedule", runs.triggers.get(runs.started.indexOf(p.id())));
    }

    @Test
    void aRunningProjectIsNotStartedAgainAndFiresWhenItEnded() {
        ProjectInfo p = project("busy");
        schedules.put(p.id(), new ScheduleInfo(1, "minutes", clock.instant(), null, true, null, null), ADMIN);
        Scheduler scheduler = new Scheduler(schedules, runs, clock);
        runs.busy.add(p.id());

        assertEquals(0, fired(scheduler, p));
        clock.advance(Duration.ofSeconds(30));
        assertEquals(0, fired(scheduler, p), "still running: no overlap");
        runs.busy.remove(p.id());
        assertEquals(1, fired(scheduler, p), "the slot that waited fires once the run ended");
        assertEquals(0, fired(scheduler, p));
    }

    @Test
    void afterDowntimeOneCatchUpRunNotOnePerMissedSlot() {
        ProjectInfo p = project("hourly");
        schedules.put(p.id(), new ScheduleInfo(1, "hours", clock.instant(), null, true, null, null), ADMIN);
        Scheduler scheduler = new Scheduler(schedules, runs, clock);
        assertEquals(1, fired(scheduler, p));

        clock.advance(Duration.ofHours(30).plusMinutes(10));
        assertEquals(1, fired(scheduler, p), "thirty missed slots, one catch-up run");
        assertEquals(0, fired(scheduler, p));
        Instant next = schedules.get(p.id()).orElseThrow().nextRun();
        assertEquals(clock.instant().plus(Duration.ofMinutes(50)), next, "the next slot is the first one after now");
    }

    @Test
    void manySchedulesFireInOneTickWithoutDrift() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ProjectInfo p = project("small " + i);
            schedules.put(p.id(), new ScheduleInfo(5, "minutes", clock.instant(), null, true, null, null), ADMIN);
            ids.add(p.id());
        }
        Scheduler scheduler = new Scheduler(schedules, runs, clock);
        for (int slot = 0; slot < 6; slot++) {
            int before = runs.started.size();
            scheduler.tick();
            List<String> now = runs.started.subList(before, runs.started.size());
            assertEquals(ids.size(), ids.stream().filter(now::contains).count(), "slot " + slot);
            clock.advance(Duration.ofMinutes(5));
        }
        for (String id : ids) {
            assertEquals(clock.instant(), schedules.get(id).orElseThrow().nextRun(), "slots stay on the 5-minute grid");
        }
    }

    /** Ticks once and returns how many runs of this project it started. */
    private int fired(Scheduler scheduler, ProjectInfo p) {
        int before = runs.started.size();
        scheduler.tick();
        return (int) runs.started.subList(before, runs.started.size()).stream().filter(p.id()::equals).count();
    }

    private ProjectInfo project(String name) {
        ConnectionSetInfo set = sets.create(new ConnectionSetInfo(null, "S " + name + UUID.randomUUID(),
                Map.of("cds", connection("C " + UUID.randomUUID(), "cds").id()), List.of(), Map.of(), null, null), ADMIN);
        return projects.create(new ProjectDraft(name, null, set.id(), null, true, null), ADMIN);
    }

    /** Records starts; answers 409 for projects marked busy, like the real one while a run is live. */
    private static final class StartRecorder implements RunService {
        final List<String> started = new ArrayList<>();
        final List<String> triggers = new ArrayList<>();
        final Set<String> busy = new HashSet<>();

        @Override
        public RunInfo start(String projectId, String mode, String trigger, Actor actor) {
            if (busy.contains(projectId)) {
                throw new ConflictException("running");
            }
            started.add(projectId);
            triggers.add(trigger);
            return new RunInfo(UUID.randomUUID().toString(), projectId, RunStatus.QUEUED, trigger, mode, null, null, null,
                    null, List.of());
        }

        @Override
        public Optional<RunInfo> get(String runId) {
            return Optional.empty();
        }

        @Override
        public List<RunInfo> runsOf(String projectId, int offset, int limit) {
            return List.of();
        }

        @Override
        public List<RunInfo> runs(org.ferry.runtime.management.RunQuery query, int offset, int limit) {
            return List.of();
        }

        @Override
        public List<RunErrorInfo> errors(String runId, int offset, int limit) {
            return List.of();
        }

        @Override
        public List<RunErrorInfo> errors(String runId, org.ferry.runtime.management.RunErrorQuery query, int offset, int limit) {
            return List.of();
        }

        @Override
        public long errorCount(String runId, org.ferry.runtime.management.RunErrorQuery query) {
            return 0;
        }

        @Override
        public List<org.ferry.runtime.management.RunErrorGroup> errorGroups(String runId, int limit) {
            return List.of();
        }

        @Override
        public void eachError(String runId, org.ferry.runtime.management.RunErrorQuery query,
                              java.util.function.Consumer<RunErrorInfo> sink) {
        }

        @Override
        public RunInfo cancel(String runId, Actor actor) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RunInfo rerun(String runId, Actor actor) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RunInfo retryFailed(String runId, Actor actor) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<org.ferry.runtime.management.PreviewRecord> preview(String projectId, String taskId, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<org.ferry.runtime.management.PreviewRecord> preview(String projectId, String taskId,
                org.ferry.runtime.management.ProjectTask draft, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RunInfo await(String runId, Duration timeout) {
            throw new UnsupportedOperationException();
        }
    }
}
