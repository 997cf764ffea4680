package org.ferry.runtime.internal.projects;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ferry.runtime.internal.store.Jdbc;
import org.ferry.runtime.internal.store.StoreJson;
import org.ferry.runtime.management.Consent;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.ProjectTask;

import com.fasterxml.jackson.core.type.TypeReference;

/** The rows of {@code projects}; tasks are a JSON array in run order. */
final class ProjectStore {
    /** The constraint that keeps project names unique whatever their case ({@code name_key}). */
    static final String UNIQUE_NAME = "projects_name_key";
    private static final TypeReference<List<ProjectTask>> TASKS = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, name, template, connection_set, organization_mapping, error_tolerance,"
            + " consent_by, consent_at, consent_version, tasks, created_at, updated_at";

    Optional<ProjectInfo> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM projects WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    List<ProjectInfo> all(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM projects ORDER BY created_at, id");
             ResultSet rs = ps.executeQuery()) {
            List<ProjectInfo> result = new ArrayList<>();
            while (rs.next()) {
                result.add(row(rs));
            }
            return result;
        }
    }

    void insert(Connection c, ProjectInfo p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO projects(" + COLUMNS + ", name_key)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, p.id());
            ps.setString(2, p.name());
            ps.setString(3, p.template());
            ps.setString(4, p.connectionSet());
            ps.setString(5, p.organizationMapping());
            ps.setInt(6, p.errorTolerance());
            ps.setString(7, p.consent().by());
            Jdbc.setInstant(ps, 8, p.consent().at());
            ps.setString(9, p.consent().textVersion());
            ps.setString(10, StoreJson.write(p.tasks()));
            Jdbc.setInstant(ps, 11, p.createdAt());
            Jdbc.setInstant(ps, 12, p.updatedAt());
            ps.setString(13, Jdbc.nameKey(p.name()));
            ps.executeUpdate();
        }
    }

    /** Writes everything that may change after creation; consent and creation time never do. */
    void update(Connection c, ProjectInfo p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE projects SET name = ?, connection_set = ?,"
                + " organization_mapping = ?, error_tolerance = ?, tasks = ?, updated_at = ?, name_key = ? WHERE id = ?")) {
            ps.setString(1, p.name());
            ps.setString(2, p.connectionSet());
            ps.setString(3, p.organizationMapping());
            ps.setInt(4, p.errorTolerance());
            ps.setString(5, StoreJson.write(p.tasks()));
            Jdbc.setInstant(ps, 6, p.updatedAt());
            ps.setString(7, Jdbc.nameKey(p.name()));
            ps.setString(8, p.id());
            ps.executeUpdate();
        }
    }

    /** Deletes the project with its execution history and what its legs remembered (checkpoints, hashes). */
    void delete(Connection c, String id) throws SQLException {
        for (String sql : new String[] {
                "DELETE FROM run_errors WHERE run_id IN (SELECT id FROM runs WHERE project_id = ?)",
                "DELETE FROM runs WHERE project_id = ?",
                "DELETE FROM checkpoints WHERE project_id = ?",
                "DELETE FROM record_hashes WHERE leg_id IN (SELECT id FROM legs WHERE project_id = ?)",
                "DELETE FROM record_source_ids WHERE leg_id IN (SELECT id FROM legs WHERE project_id = ?)",
                "DELETE FROM legs WHERE project_id = ?",
                "DELETE FROM projects WHERE id = ?"}) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
        }
    }

    private static ProjectInfo row(ResultSet rs) throws SQLException {
        List<ProjectTask> tasks = StoreJson.read(rs.getString("tasks"), TASKS).stream()
                .map(TaskRules::normalize).toList();
        Consent consent = new Consent(true, rs.getString("consent_by"), Jdbc.instant(rs, "consent_at"),
                rs.getString("consent_version"));
        return new ProjectInfo(rs.getString("id"), rs.getString("name"), rs.getString("template"),
                rs.getString("connection_set"), rs.getString("organization_mapping"), consent, tasks,
                rs.getInt("error_tolerance"), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at"));
    }
}
