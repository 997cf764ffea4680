package org.ferry.runtime.internal.run;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.management.ConflictException;
import org.ferry.runtime.management.RunErrorInfo;
import org.ferry.runtime.management.RunErrorQuery;
import org.ferry.runtime.management.RunInfo;
import org.ferry.runtime.management.RunQuery;
import org.ferry.runtime.management.RunStatus;
import org.ferry.runtime.management.RunTaskInfo;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Runs, their per-record errors and the one-live-run-per-project lock, in Ferry's database.
 * The lock is a row keyed by project id, so two concurrent starts cannot both win: the second insert
 * violates the primary key, whatever the timing.
 */
final class RunStore {
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();
    private static final TypeReference<List<RunTaskInfo>> TASKS = new TypeReference<>() {
    };

    private final Database db;
    private final RunErrorStore errors;

    RunStore(Database db) {
        this.db = db;
        this.errors = new RunErrorStore(db);
    }

    /** Queues a run and takes the project's lock in one transaction. */
    void queue(RunInfo run, String owner) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement("INSERT INTO project_locks(project_id, run_id) VALUES (?, ?)")) {
                    lock.setString(1, run.projectId());
                    lock.setString(2, run.id());
                    lock.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO runs(id, project_id, status, run_trigger, mode,"
                        + " queued_at, rerun_of, owner, progress, started_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, run.id());
                    ps.setString(2, run.projectId());
                    ps.setString(3, run.status().name());
                    ps.setString(4, run.trigger());
                    ps.setString(5, run.mode());
                    ps.setTimestamp(6, Timestamp.from(Instant.now()));
                    ps.setString(7, run.rerunOf());
                    ps.setString(8, owner);
                    ps.setString(9, json(run.tasks()));
                    ps.setString(10, truncate(run.startedBy(), 200));
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLIntegrityConstraintViolationException e) {
                c.rollback();
                throw new ConflictException("the project is already running (run " + liveRun(c, run.projectId()) + ")");
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot queue the run: " + e.getMessage(), e);
        }
    }

    void started(String runId, Instant at) {
        update("UPDATE runs SET status = ?, started_at = ? WHERE id = ?", RunStatus.RUNNING.name(), Timestamp.from(at), runId);
    }

    void progress(String runId, List<RunTaskInfo> tasks) {
        update("UPDATE runs SET progress = ? WHERE id = ?", json(tasks), runId);
    }

    /** Records the end and releases the project's lock in one transaction. */
    void finished(RunInfo run) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE runs SET status = ?, ended_at = ?, message = ?, progress = ?, started_at = COALESCE(started_at, ?) WHERE id = ?");
                 PreparedStatement unlock = c.prepareStatement("DELETE FROM project_locks WHERE project_id = ? AND run_id = ?")) {
                ps.setString(1, run.status().name());
                ps.setTimestamp(2, Timestamp.from(run.endedAt()));
                ps.setString(3, truncate(run.message(), 4000));
                ps.setString(4, json(run.tasks()));
                ps.setTimestamp(5, Timestamp.from(run.endedAt()));
                ps.setString(6, run.id());
                ps.executeUpdate();
                unlock.setString(1, run.projectId());
                unlock.setString(2, run.id());
                unlock.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the end of run " + run.id() + ": " + e.getMessage(), e);
        }
    }

    /** Marks runs a previous process left live as INTERRUPTED and frees their projects. */
    int interruptOrphans(String message) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET status = ?, ended_at = ?, message = ?"
                    + " WHERE status IN ('RUNNING', 'QUEUED')");
                 PreparedStatement unlock = c.prepareStatement("DELETE FROM project_locks")) {
                ps.setString(1, RunStatus.INTERRUPTED.name());
                ps.setTimestamp(2, Timestamp.from(Instant.now()));
                ps.setString(3, message);
                int n = ps.executeUpdate();
                unlock.executeUpdate();
                c.commit();
                return n;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot recover runs left by a previous process: " + e.getMessage(), e);
        }
    }

    Optional<RunInfo> get(String runId) {
        List<RunInfo> runs = query("SELECT * FROM runs WHERE id = ?", 0, 1, runId);
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    List<RunInfo> runsOf(String projectId, int offset, int limit) {
        return query("SELECT * FROM runs WHERE project_id = ? ORDER BY queued_at DESC, id", offset, limit, projectId);
    }

    /** Runs across projects, newest first, filtered by what the query names. */
    List<RunInfo> runs(RunQuery q, int offset, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM runs WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (!q.statuses().isEmpty()) {
            sql.append(" AND status IN (").append(String.join(", ", java.util.Collections.nCopies(q.statuses().size(), "?")))
                    .append(')');
            q.statuses().stream().map(Enum::name).sorted().forEach(params::add);
        }
        if (q.projectId() != null) {
            sql.append(" AND project_id = ?");
            params.add(q.projectId());
        }
        if (q.trigger() != null) {
            sql.append(" AND run_trigger = ?");
            params.add(q.trigger());
        }
        if (q.from() != null) {
            sql.append(" AND queued_at >= ?");
            params.add(Timestamp.from(q.from()));
        }
        if (q.to() != null) {
            sql.append(" AND queued_at < ?");
            params.add(Timestamp.from(q.to()));
        }
        sql.append(" ORDER BY queued_at DESC, id");
        return query(sql.toString(), offset, limit, params.toArray());
    }

    void addErrors(String runId, List<RunErrorInfo> errors) {
        errors().add(runId, errors);
    }

    List<RunErrorInfo> errors(String runId, int offset, int limit) {
        return errors().list(runId, RunErrorQuery.all(), offset, limit);
    }

    /** The run errors' own store: written by the legs, read by triage. */
    RunErrorStore errors() {
        return errors;
    }

    /** Deletes runs (and their errors) that ended before the cutoff. */
    int purge(Instant cutoff) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement errors = c.prepareStatement("DELETE FROM run_errors WHERE run_id IN"
                    + " (SELECT id FROM runs WHERE ended_at < ?)");
                 PreparedStatement runs = c.prepareStatement("DELETE FROM runs WHERE ended_at < ?")) {
                errors.setTimestamp(1, Timestamp.from(cutoff));
                errors.executeUpdate();
                runs.setTimestamp(1, Timestamp.from(cutoff));
                int n = runs.executeUpdate();
                c.commit();
                return n;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot purge old runs: " + e.getMessage(), e);
        }
    }

    private List<RunInfo> query(String sql, int offset, int limit, Object... params) {
        List<RunInfo> result = new ArrayList<>();
        try (Connection c = db.connection()) {
            // Without read locks: a live run rewrites its row's counts every second, and a listing must not wait for
            // that write (nor hold the run up); at worst it shows counts or an end a moment before they commit.
            c.setTransactionIsolation(Connection.TRANSACTION_READ_UNCOMMITTED);
            return query(c, sql, offset, limit, result, params);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read runs: " + e.getMessage(), e);
        }
    }

    private List<RunInfo> query(Connection c, String sql, int offset, int limit, List<RunInfo> result, Object... params)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.setInt(params.length + 1, offset);
            ps.setInt(params.length + 2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new RunInfo(rs.getString("id"), rs.getString("project_id"),
                            RunStatus.valueOf(rs.getString("status")), rs.getString("run_trigger"), rs.getString("mode"),
                            instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("ended_at")),
                            rs.getString("message"), rs.getString("rerun_of"), tasks(rs.getString("progress")),
                            rs.getString("started_by")));
                }
            }
        }
        return result;
    }

    private String liveRun(Connection c, String projectId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT run_id FROM project_locks WHERE project_id = ?")) {
            ps.setString(1, projectId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "?";
            }
        }
    }

    private void update(String sql, Object... params) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update a run: " + e.getMessage(), e);
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String json(List<RunTaskInfo> tasks) {
        try {
            return JSON.writeValueAsString(tasks);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<RunTaskInfo> tasks(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return JSON.readValue(json, TASKS);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable run progress: " + e.getMessage(), e);
        }
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
