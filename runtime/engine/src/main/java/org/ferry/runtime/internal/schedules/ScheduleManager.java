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
 * missed and make its one catch-up run, then call {@link #recordRun}.
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

    /**
     * Records that the scheduler started a run and moves the next slot past the time it fired.
     *
     * @return the schedule as it is now, or empty if it was deleted meanwhile
     */
    public Optional<ScheduleInfo> recordRun(String projectId, String runId, Instant firedAt) {
        synchronized (writes) {
            Optional<ScheduleInfo> current = get(projectId);
            if (current.isEmpty()) {
                return current;
            }
            ScheduleInfo s = current.get();
            Instant next = ScheduleSlots.firstAfter(s.every(), s.unit(), s.start(), s.end(), firedAt);
            Jdbc.inTransaction(database, c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE schedules SET last_run = ?, next_run = ? WHERE project_id = ?")) {
                    ps.setString(1, runId);
                    Jdbc.setInstant(ps, 2, next);
                    ps.setString(3, projectId);
                    ps.executeUpdate();
                }
                return null;
            });
            Optional<ScheduleInfo> now = get(projectId);
            now.ifPresent(schedule -> publish("fired", projectId, schedule));
            return now;
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
