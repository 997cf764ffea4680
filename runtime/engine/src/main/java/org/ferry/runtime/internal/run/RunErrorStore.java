package org.ferry.runtime.internal.run;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.management.RunErrorGroup;
import org.ferry.runtime.management.RunErrorInfo;
import org.ferry.runtime.management.RunErrorQuery;

/**
 * A run's errors in Ferry's database: written a batch at a time with the records' snapshots and the message's
 * pattern; read back filtered, counted, grouped by cause (in the store, so a run with a million failures is never
 * loaded to be grouped) and in chunks for exports.
 */
final class RunErrorStore {
    static final int SAMPLE_KEYS = 5;
    private static final int CHUNK = 1000;

    private final Database db;

    RunErrorStore(Database db) {
        this.db = db;
    }

    void add(String runId, List<RunErrorInfo> errors) {
        add(runId, errors, org.ferry.runtime.internal.store.Fence.NONE);
    }

    /** @param fence the run's lease, checked in the transaction that writes the errors */
    void add(String runId, List<RunErrorInfo> errors, org.ferry.runtime.internal.store.Fence fence) {
        if (errors.isEmpty()) {
            return;
        }
        // one transaction for the batch: a commit per row syncs the log per row
        org.ferry.runtime.internal.store.Jdbc.fenced(db, fence, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO run_errors(run_id, task, leg, business_key, field, message,"
                     + " kind, occurred_at, source_id, source_record, written_record, pattern)"
                     + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (RunErrorInfo e : errors) {
                String message = RunStore.truncate(e.message(), 4000);
                ps.setString(1, runId);
                ps.setString(2, RunStore.truncate(e.task(), 200));
                ps.setString(3, RunStore.truncate(e.leg(), 400));
                ps.setString(4, RunStore.truncate(e.businessKey(), 1000));
                ps.setString(5, RunStore.truncate(e.field(), 200));
                ps.setString(6, message);
                ps.setString(7, e.kind());
                ps.setTimestamp(8, Timestamp.from(e.at()));
                ps.setString(9, RunStore.truncate(e.sourceId(), 1000));
                ps.setString(10, RecordSnapshot.json(e.source()));
                ps.setString(11, RecordSnapshot.json(e.written()));
                ps.setString(12, MessagePattern.of(message));
                ps.addBatch();
            }
            ps.executeBatch();
            }
            return null;
        });
    }

    List<RunErrorInfo> list(String runId, RunErrorQuery query, int offset, int limit) {
        Where where = where(runId, query);
        List<RunErrorInfo> result = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM run_errors" + where.sql + " ORDER BY id"
                     + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
            int i = where.bind(ps);
            ps.setInt(i++, offset);
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(error(rs));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read run errors: " + e.getMessage(), e);
        }
        return result;
    }

    long count(String runId, RunErrorQuery query) {
        Where where = where(runId, query);
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM run_errors" + where.sql)) {
            where.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count run errors: " + e.getMessage(), e);
        }
    }

    /** Every matching error in order, {@value #CHUNK} at a time, with no connection held while the sink works. */
    void each(String runId, RunErrorQuery query, Consumer<RunErrorInfo> sink) {
        Where where = where(runId, query);
        long after = 0;
        while (true) {
            List<RunErrorInfo> chunk = new ArrayList<>();
            try (Connection c = db.connection();
                 PreparedStatement ps = c.prepareStatement("SELECT * FROM run_errors" + where.sql + " AND id > ? ORDER BY id"
                         + " FETCH FIRST " + CHUNK + " ROWS ONLY")) {
                int i = where.bind(ps);
                ps.setLong(i, after);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        after = rs.getLong("id");
                        chunk.add(error(rs));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read run errors: " + e.getMessage(), e);
            }
            chunk.forEach(sink);
            if (chunk.size() < CHUNK) {
                return;
            }
        }
    }

    List<RunErrorGroup> groups(String runId, int limit) {
        List<RunErrorGroup> groups = new ArrayList<>();
        try (Connection c = db.connection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT task, leg, field, kind, pattern, COUNT(*) AS n, MIN(id) AS first_id"
                    + " FROM run_errors WHERE run_id = ? GROUP BY task, leg, field, kind, pattern"
                    + " ORDER BY n DESC, first_id FETCH FIRST ? ROWS ONLY")) {
                ps.setString(1, runId);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        groups.add(new RunErrorGroup(rs.getString("task"), rs.getString("leg"), rs.getString("field"),
                                rs.getString("kind"), rs.getString("pattern"), rs.getString("pattern"), rs.getLong("n"),
                                List.of(), null));
                    }
                }
            }
            List<RunErrorGroup> withSamples = new ArrayList<>();
            for (RunErrorGroup g : groups) {
                withSamples.add(samples(c, runId, g));
            }
            return withSamples;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot group run errors: " + e.getMessage(), e);
        }
    }

    private RunErrorGroup samples(Connection c, String runId, RunErrorGroup g) throws SQLException {
        Where where = where(runId, group(g));
        List<String> keys = new ArrayList<>();
        String example = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT business_key, source_id, message FROM run_errors" + where.sql
                + " ORDER BY id FETCH FIRST " + SAMPLE_KEYS + " ROWS ONLY")) {
            where.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1) != null ? rs.getString(1) : rs.getString(2);
                    if (key != null) {
                        keys.add(key);
                    }
                    example = example == null ? rs.getString(3) : example;
                }
            }
        }
        return new RunErrorGroup(g.task(), g.leg(), g.field(), g.kind(), g.message(), g.pattern(), g.count(), keys, example);
    }

    /** The query that lists exactly a group's errors. */
    static RunErrorQuery group(RunErrorGroup g) {
        return RunErrorQuery.exactly(g.task(), g.leg(), g.field(), g.kind(), g.pattern());
    }

    private static Where where(String runId, RunErrorQuery q) {
        Where w = new Where();
        w.add("run_id = ?", runId);
        w.match("task", q.task(), q.exact());
        w.match("leg", q.leg(), q.exact());
        w.match("field", q.field(), q.exact());
        w.match("kind", q.kind(), q.exact());
        w.match("pattern", q.pattern(), false);
        if (q.text() != null) {
            String like = "%" + q.text().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                    .replace("_", "\\_") + "%";
            w.add("(LOWER(business_key) LIKE ? ESCAPE '\\' OR LOWER(source_id) LIKE ? ESCAPE '\\'"
                    + " OR LOWER(message) LIKE ? ESCAPE '\\')", like, like, like);
        }
        return w;
    }

    private static RunErrorInfo error(ResultSet rs) throws SQLException {
        return new RunErrorInfo(rs.getString("task"), rs.getString("leg"), rs.getString("business_key"),
                rs.getString("field"), rs.getString("message"), rs.getString("kind"),
                rs.getTimestamp("occurred_at").toInstant(), rs.getString("source_id"),
                RecordSnapshot.parse(rs.getString("source_record")), RecordSnapshot.parse(rs.getString("written_record")));
    }

    /** A WHERE clause and its parameters, built from the criteria given. */
    private static final class Where {
        private final StringBuilder sql = new StringBuilder();
        private final List<Object> params = new ArrayList<>();

        void add(String condition, Object... values) {
            sql.append(sql.isEmpty() ? " WHERE " : " AND ").append(condition);
            params.addAll(List.of(values));
        }

        /** @param exact whether a missing value means "none" (IS NULL) rather than "any" */
        void match(String column, String value, boolean exact) {
            if (value != null) {
                add(column + " = ?", value);
            } else if (exact) {
                add(column + " IS NULL");
            }
        }

        int bind(PreparedStatement ps) throws SQLException {
            int i = 1;
            for (Object p : params) {
                ps.setObject(i++, p);
            }
            return i;
        }

        @Override
        public String toString() {
            return sql.toString();
        }
    }
}
