package org.ferry.runtime.internal.schedules;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ferry.runtime.internal.audit.AuditTrail;
import org.ferry.runtime.internal.events.ChangeBus;
import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.internal.store.Jdbc;
import org.ferry.runtime.internal.validation.Problems;
import org.ferry.runtime.management.Actor;
import org.ferry.runtime.management.ChangeEvent;
import org.ferry.runtime.management.NotFoundException;
import org.ferry.runtime.management.ScheduleInfo;
import org.ferry.runtime.management.ScheduleService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * One schedule per project, with its next slot computed when it is saved. The stored next slot is not
 * moved forward on reads: after downtime it stays in the past so the scheduler can see that a slot was
 * missed and make its one catch-up run ({@link #fire}).
 */
@Component(service = {ScheduleService.class, ScheduleManager.class})
public class ScheduleManager implements ScheduleService {
    /** Larger counts add nothing (100000 minutes is over two months) and would overflow month arithmetic. */
    static final int MAX_EVERY = 100_000;

    private final Database database;
    private final AuditTrail audit;
    private final Clock clock;
    private final Object writes = new Object();
    /** Where schedule changes are told as they happen; absent in tests that do not listen. */
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    private volatile ChangeBus changes;

    @Activate
    public ScheduleManager(@Reference Database database, @Reference AuditTrail audit) {
        this(database, audit, Clock.systemUTC());
    }

    public ScheduleManager(Database database, AuditTrail audit, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public Optional<ScheduleInfo> get(String projectId) {
        if (projectId == null) {
            return Optional.empty();
        }
        return Jdbc.read(database, c -> find(c, projectId));
    }

    @Override
    public ScheduleInfo put(String projectId, ScheduleInfo schedule, Actor actor) {
        synchronized (writes) {
            requireProject(projectId);
            check(schedule);
            Instant next = ScheduleSlots.firstAtOrAfter(schedule.every(), schedule.unit(), schedule.start(),
                    schedule.end(), clock.instant());
            Jdbc.inTransaction(database, c -> {
                String lastRun = find(c, projectId).map(ScheduleInfo::lastRun).orElse(null);
                try (PreparedStatement del = c.prepareStatement("DELETE FROM schedules WHERE project_id = ?")) {
                    del.setString(1, projectId);
                    del.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO schedules(project_id, every_count, unit,"
                        + " start_at, end_at, enabled, next_run, last_run) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, projectId);
                    ps.setInt(2, schedule.every());
                    ps.setString(3, schedule.unit());
                    Jdbc.setInstant(ps, 4, schedule.start());
                    Jdbc.setInstant(ps, 5, schedule.end());
                    ps.setBoolean(6, schedule.enabled());
                    Jdbc.setInstant(ps, 7, next);
                    ps.setString(8, lastRun);
                    ps.executeUpdate();
                }
                audit.record(c, actor, "schedule.put", subject(projectId), describe(schedule, next));
                return null;
            });
            ScheduleInfo saved = get(projectId).orElseThrow();
            publish("set", projectId, saved);
            return saved;
        }
    }

    @Override
    public void delete(String projectId, Actor actor) {
        synchronized (writes) {
            Jdbc.inTransaction(database, c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM schedules WHERE project_id = ?")) {
                    ps.setString(1, projectId);
                    if (ps.executeUpdate() == 0) {
                        throw new NotFoundException("schedule of project '" + projectId + "'");
                    }
                }
                audit.record(c, actor, "schedule.delete", subject(projectId), null);
                return null;
            });
        }
        publish("removed", projectId, null);
    }

    private void publish(String action, String projectId, ScheduleInfo schedule) {
        ChangeBus bus = changes;
        if (bus != null) {
            bus.publish(ChangeEvent.SCHEDULE, action, projectId, projectId, schedule);
        }
    }

    /** Queues the run of a slot in the transaction that claims the slot. */
    @FunctionalInterface
    public interface SlotRun {
        /**
         * @return the queued run's id
         * @throws org.ferry.runtime.management.ConflictException if the project has a live run (the slot then waits)
         */
        String queue(Connection c) throws SQLException;
    }

    /**
     * Fires a project's due slot, once across every node sharing the store: in one transaction, the slot's row
     * ({@code schedule_slots}, keyed by project and slot) is inserted, the schedule's next slot moves past
     * {@code now} only if it is still the slot this node saw, and the run is queued. A node that lost the race, or a
     * project still running, rolls back and changes nothing, so the slot stays due until its run can start.
     *
     * @return the queued run's id, or empty if the slot was not due (any more) here
     */
    public Optional<String> fire(String projectId, Instant now, String node, SlotRun run) {
        synchronized (writes) {
            Optional<String> fired;
            try {
                fired = Jdbc.inTransaction(database, c -> {
                    Optional<ScheduleInfo> found = find(c, projectId);
                    if (found.isEmpty() || !found.get().enabled() || found.get().nextRun() == null
                            || found.get().nextRun().isAfter(now)) {
                        return Optional.<String>empty();
                    }
                    ScheduleInfo s = found.get();
                    Instant slot = s.nextRun();
                    Instant next = ScheduleSlots.firstAfter(s.every(), s.unit(), s.start(), s.end(), now);
                    String runId = run.queue(c);
                    try (PreparedStatement ps = c.prepareStatement("UPDATE schedules SET last_run = ?, next_run = ?"
                            + " WHERE project_id = ? AND next_run = ?")) {
                        ps.setString(1, runId);
                        Jdbc.setInstant(ps, 2, next);
                        ps.setString(3, projectId);
                        Jdbc.setInstant(ps, 4, slot);
                        if (ps.executeUpdate() == 0) {
                            throw new SlotTaken();
                        }
                    }
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO schedule_slots(project_id, slot_at, run_id,"
                            + " node, fired_at) VALUES (?, ?, ?, ?, ?)")) {
                        ps.setString(1, projectId);
                        Jdbc.setInstant(ps, 2, slot);
                        ps.setString(3, runId);
                        ps.setString(4, node);
                        Jdbc.setInstant(ps, 5, now);
                        ps.executeUpdate();
                    } catch (SQLException e) {
                        if (Jdbc.isIntegrityViolation(e)) {
                            throw new SlotTaken();
                        }
                        throw e;
                    }
                    return Optional.of(runId);
                });
            } catch (SlotTaken e) {
                return Optional.empty();
            }
            if (fired.isPresent()) {
                get(projectId).ifPresent(schedule -> publish("fired", projectId, schedule));
            }
            return fired;
        }
    }

    /** Another node fired the slot first; the transaction rolls back. */
    private static final class SlotTaken extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SlotTaken() {
            super(null, null, false, false);
        }
    }

    /** @return the projects whose enabled schedule has a slot at or before {@code now}, earliest first */
    public List<String> due(Instant now) {
        return Jdbc.read(database, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT project_id FROM schedules WHERE enabled = TRUE"
                    + " AND next_run IS NOT NULL AND next_run <= ? ORDER BY next_run")) {
                Jdbc.setInstant(ps, 1, now);
                List<String> ids = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                return ids;
            }
        });
    }

    private static void check(ScheduleInfo s) {
        Problems problems = new Problems();
        if (s == null) {
            problems.add("schedule", "is required").throwIfAny();
        }
        if (s.every() < 1) {
            problems.add("every", "must be at least 1 (the shortest schedule is every minute)");
        } else if (s.every() > MAX_EVERY) {
            problems.add("every", "must be at most " + MAX_EVERY);
        }
        if (s.unit() == null || !ScheduleSlots.UNITS.contains(s.unit())) {
            problems.add("unit", "must be one of " + String.join(", ", ScheduleSlots.UNITS));
        }
        if (s.start() == null) {
            problems.add("start", "is required");
        } else if (s.end() != null && !s.end().isAfter(s.start())) {
            problems.add("end", "must be after the start");
        }
        problems.throwIfAny();
    }

    private void requireProject(String projectId) {
        boolean exists = projectId != null && Jdbc.read(database, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM projects WHERE id = ?")) {
                ps.setString(1, projectId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
        if (!exists) {
            throw new NotFoundException("project '" + projectId + "'");
        }
    }

    private static Optional<ScheduleInfo> find(Connection c, String projectId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT every_count, unit, start_at, end_at, enabled, next_run,"
                + " last_run FROM schedules WHERE project_id = ?")) {
            ps.setString(1, projectId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ScheduleInfo(rs.getInt("every_count"), rs.getString("unit"),
                        Jdbc.instant(rs, "start_at"), Jdbc.instant(rs, "end_at"), rs.getBoolean("enabled"),
                        Jdbc.instant(rs, "next_run"), rs.getString("last_run")));
            }
        }
    }

    private static String describe(ScheduleInfo s, Instant next) {
        return "every " + s.every() + " " + s.unit() + " from " + s.start() + (s.end() == null ? "" : " until " + s.end())
                + (s.enabled() ? "" : ", disabled") + ", next run " + (next == null ? "none" : next.toString());
    }

    static String subject(String projectId) {
        return "project:" + projectId;
    }
}
