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
    }

    /** A claim won: the token it raised, and what the run was when claimed (a RUNNING one is taken over). */
    record Claim(RunInfo run, long token, boolean takeover, String stopRequest, String stopReason, String previousOwner) {
    }

    /**
     * @return up to {@code limit} runs no live node holds: queued and unclaimed, or whose lease ran out (their node
     *         died or paused), oldest first
     */
    List<String> claimable(int limit) {
        return Jdbc.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM runs WHERE status IN ('QUEUED', 'RUNNING')"
                    + " AND (owner IS NULL OR lease_until IS NULL OR lease_until < " + db.dialect().now() + ")"
                    + " ORDER BY queued_at, id FETCH FIRST " + limit + " ROWS ONLY")) {
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

    /**
     * Claims a run for a node if no live node holds it: one conditional update, so of nodes racing for a run exactly
     * one wins, and the fencing token rises with every claim.
     */
    Optional<Claim> claim(String runId, String node, long leaseSeconds) {
        return Jdbc.inTransaction(db, c -> {
            String previousOwner;
            try (PreparedStatement ps = c.prepareStatement("SELECT owner FROM runs WHERE id = ?")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    previousOwner = rs.next() ? rs.getString(1) : null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET owner = ?, lease_token = lease_token + 1,"
                    + " lease_until = " + db.dialect().secondsFromNow(leaseSeconds) + " WHERE id = ?"
                    + " AND status IN ('QUEUED', 'RUNNING') AND (owner IS NULL OR lease_until IS NULL OR lease_until < "
                    + db.dialect().now() + ")")) {
                ps.setString(1, node);
                ps.setString(2, runId);
                if (ps.executeUpdate() == 0) {
                    return Optional.<Claim>empty();
                }
            }
            long token;
            String stopRequest;
            String stopReason;
            RunInfo run;
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM runs WHERE id = ?")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    token = rs.getLong("lease_token");
                    stopRequest = rs.getString("stop_request");
                    stopReason = rs.getString("stop_reason");
                    run = row(rs);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO run_claims(run_id, lease_token, node, claimed_at)"
                    + " VALUES (?, ?, ?, " + db.dialect().now() + ")")) {
                ps.setString(1, runId);
                ps.setLong(2, token);
                ps.setString(3, node);
                ps.executeUpdate();
            }
            return Optional.of(new Claim(run, token, run.status() == RunStatus.RUNNING, stopRequest, stopReason,
                    previousOwner));
        });
    }

    /**
     * Extends the lease from now.
     *
     * @return the stop asked for the run meanwhile ({@code [status, reason]}, or an empty array), or {@code null}
     *         if the lease is lost: another claim raised the token
     */
    String[] renew(RunLease lease, long leaseSeconds) {
        return Jdbc.inTransaction(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET lease_until = "
                    + db.dialect().secondsFromNow(leaseSeconds) + " WHERE id = ? AND lease_token = ?")) {
                ps.setString(1, lease.runId());
                ps.setLong(2, lease.token());
                if (ps.executeUpdate() == 0) {
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT stop_request, stop_reason FROM runs WHERE id = ?")) {
                ps.setString(1, lease.runId());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getString(1) != null ? new String[] {rs.getString(1), rs.getString(2)}
                            : new String[0];
                }
            }
        });
    }

    /**
     * Hands a run back without ending it (a node stopping in a cluster): its progress is kept and its lease runs out
     * now, so another node takes it over from its checkpoints at once.
     */
    void release(RunLease lease, List<RunTaskInfo> tasks) {
        Jdbc.inTransaction(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET lease_until = "
                    + db.dialect().secondsFromNow(-1) + ", progress = ? WHERE id = ? AND lease_token = ?")) {
                ps.setString(1, json(tasks));
                ps.setString(2, lease.runId());
                ps.setLong(3, lease.token());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Ends the leases a node's previous process held (it died; this process of the node starts): they are free now. */
    int expireLeasesOf(String node) {
        return Jdbc.inTransaction(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET lease_until = "
                    + db.dialect().secondsFromNow(-1) + " WHERE owner = ? AND status IN ('QUEUED', 'RUNNING')")) {
                ps.setString(1, node);
                return ps.executeUpdate();
            }
        });
    }

    /** Asks the run's owner, wherever it runs, to stop it; the owner finds the request when it renews the lease. */
    void requestStop(String runId, RunStatus status, String reason) {
        Jdbc.inTransaction(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET stop_request = ?, stop_reason = ?"
                    + " WHERE id = ? AND stop_request IS NULL")) {
                ps.setString(1, status.name());
                ps.setString(2, truncate(reason, 400));
                ps.setString(3, runId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Ends a queued run that no node claimed yet, and frees its project.
     *
     * @return whether it was still unclaimed (otherwise its node ends it)
     */
    boolean cancelQueued(String runId, String projectId, String message) {
        return Jdbc.inTransaction(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET status = ?, ended_at = ?, message = ?"
                    + " WHERE id = ? AND status = 'QUEUED' AND owner IS NULL")) {
                ps.setString(1, RunStatus.CANCELLED.name());
                ps.setTimestamp(2, Timestamp.from(Instant.now()));
                ps.setString(3, message);
                ps.setString(4, runId);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            unlock(c, projectId, runId);
            return true;
        });
    }

    void started(RunLease lease, Instant at) {
        fencedUpdate(lease, "UPDATE runs SET status = ?, started_at = COALESCE(started_at, ?) WHERE id = ? AND lease_token = ?",
                RunStatus.RUNNING.name(), Timestamp.from(at));
    }

    void progress(RunLease lease, List<RunTaskInfo> tasks) {
        fencedUpdate(lease, "UPDATE runs SET progress = ? WHERE id = ? AND lease_token = ?", json(tasks));
    }

    /** Records the end and releases the project's lock in one transaction, if the lease is still this node's. */
    void finished(RunInfo run, RunLease lease) {
        Jdbc.inTransaction(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET status = ?, ended_at = ?, message = ?, progress = ?,"
                    + " started_at = COALESCE(started_at, ?), lease_until = NULL WHERE id = ? AND lease_token = ?")) {
                ps.setString(1, run.status().name());
                ps.setTimestamp(2, Timestamp.from(run.endedAt()));
                ps.setString(3, truncate(run.message(), 4000));
                ps.setString(4, json(run.tasks()));
                ps.setTimestamp(5, Timestamp.from(run.endedAt()));
                ps.setString(6, run.id());
                ps.setLong(7, lease.token());
                if (ps.executeUpdate() == 0) {
                    lease.lost("another node took the run over before it ended here");
                    throw new LeaseLostException("run " + run.id() + ": its end was not recorded; another node holds it");
                }
            }
            unlock(c, run.projectId(), run.id());
            return null;
        });
    }

    private static void unlock(Connection c, String projectId, String runId) throws SQLException {
        try (PreparedStatement unlock = c.prepareStatement("DELETE FROM project_locks WHERE project_id = ? AND run_id = ?")) {
            unlock.setString(1, projectId);
            unlock.setString(2, runId);
            unlock.executeUpdate();
        }
    }

    /** Marks runs a previous process left live as INTERRUPTED and frees their projects (a store of one process). */
    int interruptOrphans(String message) {
        return Jdbc.inTransaction(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET status = ?, ended_at = ?, message = ?,"
                    + " lease_until = NULL WHERE status IN ('RUNNING', 'QUEUED')");
                 PreparedStatement unlock = c.prepareStatement("DELETE FROM project_locks")) {
                ps.setString(1, RunStatus.INTERRUPTED.name());
                ps.setTimestamp(2, Timestamp.from(Instant.now()));
                ps.setString(3, message);
                int n = ps.executeUpdate();
                unlock.executeUpdate();
                return n;
            }
        });
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
        List<RunInfo> runs = query("SELECT * FROM runs WHERE id = ?", 0, 1, runId);
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0).withNodes(nodesOf(runId)));
    }

    List<RunInfo> runsOf(String projectId, int offset, int limit) {
        return withNodes(query("SELECT * FROM runs WHERE project_id = ? ORDER BY queued_at DESC, id", offset, limit, projectId));
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
        return withNodes(query(sql.toString(), offset, limit, params.toArray()));
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
                    result.add(row(rs));
                }
            }
        }
        return result;
    }

    private static RunInfo row(ResultSet rs) throws SQLException {
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

    /** An update of the run's own row, made only while the lease's token is the row's. */
    private void fencedUpdate(RunLease lease, String sql, Object... params) {
        Jdbc.inTransaction(db, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (Object p : params) {
                    ps.setObject(i++, p);
                }
                ps.setString(i++, lease.runId());
                ps.setLong(i, lease.token());
                if (ps.executeUpdate() == 0) {
                    lease.lost("another node took the run over");
                    throw new LeaseLostException("run " + lease.runId() + ": another node holds its lease");
                }
            }
            return null;
        });
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
