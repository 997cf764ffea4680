package org.ferry.runtime.internal.run;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.internal.store.Fence;
import org.ferry.runtime.internal.store.Jdbc;
import org.ferry.runtime.internal.store.LeaseLostException;
import org.ferry.runtime.internal.store.RememberedReads;
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
 * Runs, their per-record errors and the one-live-run-per-project lock, in Ferry's database; which node runs which
 * run is {@link RunClaims}.
 * The lock is a row keyed by project id, so two concurrent starts cannot both win: the second insert
 * violates the primary key, whatever the timing.
 */
final class RunStore {
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();
    private static final TypeReference<List<RunTaskInfo>> TASKS = new TypeReference<>() {
    };

    private final Database db;
    private final RunErrorStore errors;
    private final RunClaims claims;
    /** The admin API's reads of runs, forgotten by every write of the runs table through this node. */
    private final RememberedReads remembered;

    RunStore(Database db) {
        this.db = db;
        this.remembered = db.remembered("runs");
        this.errors = new RunErrorStore(db);
        this.claims = new RunClaims(db);
    }

    /** Which node runs which run: claims, leases, stops and ends. */
    RunClaims claims() {
        return claims;
    }

    /** Queues a run and takes the project's lock in one transaction; a node claims it to run it. */
    void queue(RunInfo run) {
        try {
            Jdbc.inTransaction(db, c -> {
                queue(c, run);
                return null;
            });
        } catch (ConflictException e) {
            // read once the transaction rolled back: Derby holds a lock on the key the insert collided with until then
            throw new ConflictException("the project is already running (run " + liveRun(run.projectId()) + ")");
        } finally {
            remembered.changed();
        }
    }

    /**
     * Queues a run in the caller's transaction (a schedule's slot is claimed in the same one).
     *
     * @throws ConflictException if the project has a live run; the caller's transaction must then roll back
     */
    void queue(Connection c, RunInfo run) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("INSERT INTO project_locks(project_id, run_id) VALUES (?, ?)")) {
            lock.setString(1, run.projectId());
            lock.setString(2, run.id());
            lock.executeUpdate();
        } catch (SQLException e) {
            if (Jdbc.isIntegrityViolation(e)) {
                throw new ConflictException("the project is already running");
            }
            throw e;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO runs(id, project_id, status, run_trigger, mode,"
                + " queued_at, rerun_of, progress, started_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, run.id());
            ps.setString(2, run.projectId());
            ps.setString(3, run.status().name());
            ps.setString(4, run.trigger());
            ps.setString(5, run.mode());
            ps.setTimestamp(6, Timestamp.from(Instant.now()));
            ps.setString(7, run.rerunOf());
            ps.setString(8, json(run.tasks()));
            ps.setString(9, truncate(run.startedBy(), 200));
            ps.executeUpdate();
        }
        // inside the caller's transaction: a remembered read (read committed) made from here on waits for its end
        remembered.changed();
    }

    /** @return the nodes that claimed the run, in order */
    List<String> nodesOf(String runId) {
        return Jdbc.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT node FROM run_claims WHERE run_id = ? ORDER BY lease_token")) {
                ps.setString(1, runId);
                List<String> nodes = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        nodes.add(rs.getString(1));
                    }
                }
                return nodes;
            }
        });
    }

    /** @return per node, the runs it holds a live lease on */
    java.util.Map<String, List<String>> liveRunsByNode() {
        return Jdbc.read(db, c -> {
            java.util.Map<String, List<String>> byNode = new java.util.TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT owner, id FROM runs WHERE status IN ('QUEUED', 'RUNNING')"
                    + " AND owner IS NOT NULL AND lease_until >= " + db.dialect().now() + " ORDER BY queued_at")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byNode.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                    }
                }
            }
            return byNode;
        });
    }

    Optional<RunInfo> get(String runId) {
        return remembered.get(List.of("get", runId), () -> {
            List<RunInfo> runs = query("SELECT * FROM runs WHERE id = ?", 0, 1, true, runId);
            return runs.isEmpty() ? Optional.<RunInfo>empty() : Optional.of(runs.get(0).withNodes(nodesOf(runId)));
        });
    }

    List<RunInfo> runsOf(String projectId, int offset, int limit) {
        return remembered.get(List.of("runsOf", projectId, offset, limit), () -> List.copyOf(withNodes(query(
                "SELECT * FROM runs WHERE project_id = ? ORDER BY queued_at DESC, id", offset, limit, true, projectId))));
    }

    /** The page's runs with the nodes that ran each, in one query. */
    private List<RunInfo> withNodes(List<RunInfo> runs) {
        if (runs.isEmpty()) {
            return runs;
        }
        java.util.Map<String, List<String>> nodes = Jdbc.read(db, c -> {
            java.util.Map<String, List<String>> byRun = new java.util.HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT run_id, node FROM run_claims WHERE run_id IN ("
                    + String.join(", ", java.util.Collections.nCopies(runs.size(), "?")) + ") ORDER BY run_id, lease_token")) {
                for (int i = 0; i < runs.size(); i++) {
                    ps.setString(i + 1, runs.get(i).id());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byRun.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                    }
                }
            }
            return byRun;
        });
        return runs.stream().map(r -> r.withNodes(nodes.getOrDefault(r.id(), List.of()))).toList();
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
        return withNodes(query(sql.toString(), offset, limit, false, params.toArray()));
    }

    void addErrors(String runId, List<RunErrorInfo> errors, Fence fence) {
        errors().add(runId, errors, fence);
    }

    void addErrors(String runId, List<RunErrorInfo> errors) {
        errors().add(runId, errors, Fence.NONE);
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
        } finally {
            remembered.changed();
        }
    }

    /**
     * @param remembered whether the answer is to be remembered: then it is read committed (a remembered answer must not
     *        hold what a rolled-back transaction wrote), otherwise without read locks
     */
    private List<RunInfo> query(String sql, int offset, int limit, boolean remembered, Object... params) {
        List<RunInfo> result = new ArrayList<>();
        try (Connection c = db.connection()) {
            // Without read locks: a live run rewrites its row's counts every second, and a listing must not wait for
            // that write (nor hold the run up); at worst it shows counts or an end a moment before they commit. A read
            // to be remembered is made once per change of the table, so its rare wait is worth a clean answer.
            c.setTransactionIsolation(remembered ? Connection.TRANSACTION_READ_COMMITTED
                    : Connection.TRANSACTION_READ_UNCOMMITTED);
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
                    result.add(row(rs));
                }
            }
        }
        return result;
    }

    static RunInfo row(ResultSet rs) throws SQLException {
        return new RunInfo(rs.getString("id"), rs.getString("project_id"),
                RunStatus.valueOf(rs.getString("status")), rs.getString("run_trigger"), rs.getString("mode"),
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("ended_at")),
                rs.getString("message"), rs.getString("rerun_of"), tasks(rs.getString("progress")),
                rs.getString("started_by"));
    }

    /** The run holding a project's lock. */
    private String liveRun(String projectId) {
        try {
            return Jdbc.read(db, c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT run_id FROM project_locks WHERE project_id = ?")) {
                    ps.setString(1, projectId);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? rs.getString(1) : "?";
                    }
                }
            });
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    static String json(List<RunTaskInfo> tasks) {
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
