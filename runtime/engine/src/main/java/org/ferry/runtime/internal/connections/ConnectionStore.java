package org.ferry.runtime.internal.connections;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.ferry.runtime.internal.store.Jdbc;
import org.ferry.runtime.internal.store.StoreJson;

import com.fasterxml.jackson.core.type.TypeReference;

/**
 * The rows of {@code connections} and {@code connection_secrets}. Secret values only ever pass through
 * here sealed: callers seal before {@link #putSecret} and open after {@link #find}.
 */
final class ConnectionStore {
    /** The constraint that keeps connection names unique whatever their case ({@code name_key}). */
    static final String UNIQUE_NAME = "connections_name_key";
    private static final TypeReference<Map<String, String>> CONFIG = new TypeReference<>() {
    };

    /**
     * A stored connection.
     *
     * @param config  the plain (non-secret) values
     * @param secrets field to sealed value
     */
    record Stored(String id, String name, String type, Map<String, String> config, Map<String, String> secrets,
                  Instant createdAt, Instant updatedAt) {
    }

    Optional<Stored> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, name, type, config, created_at, updated_at FROM connections WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs, secretsOf(c, id))) : Optional.empty();
            }
        }
    }

    List<Stored> all(Connection c) throws SQLException {
        Map<String, Map<String, String>> secrets = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT connection_id, field, sealed FROM connection_secrets");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                secrets.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getString(3));
            }
        }
        List<Stored> result = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, name, type, config, created_at, updated_at FROM connections ORDER BY created_at, id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.add(row(rs, secrets.getOrDefault(rs.getString("id"), Map.of())));
            }
        }
        return result;
    }

    void insert(Connection c, String id, String name, String type, Map<String, String> config, Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO connections(id, name, type, config, created_at,"
                + " updated_at, name_key) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, name);
            ps.setString(3, type);
            ps.setString(4, StoreJson.write(new TreeMap<>(config)));
            Jdbc.setInstant(ps, 5, at);
            Jdbc.setInstant(ps, 6, at);
            ps.setString(7, Jdbc.nameKey(name));
            ps.executeUpdate();
        }
    }

    void update(Connection c, String id, String name, Map<String, String> config, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE connections SET name = ?, config = ?, updated_at = ?, name_key = ? WHERE id = ?")) {
            ps.setString(1, name);
            ps.setString(2, StoreJson.write(new TreeMap<>(config)));
            Jdbc.setInstant(ps, 3, at);
            ps.setString(4, Jdbc.nameKey(name));
            ps.setString(5, id);
            ps.executeUpdate();
        }
    }

    /** Deletes the connection; its secrets and cached entities go with it (ON DELETE CASCADE). */
    boolean delete(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM connections WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate() > 0;
        }
    }

    void putSecret(Connection c, String id, String field, String sealed) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE connection_secrets SET sealed = ? WHERE connection_id = ? AND field = ?")) {
            ps.setString(1, sealed);
            ps.setString(2, id);
            ps.setString(3, field);
            if (ps.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO connection_secrets(connection_id, field, sealed) VALUES (?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, field);
            ps.setString(3, sealed);
            ps.executeUpdate();
        }
    }

    void deleteSecret(Connection c, String id, String field) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM connection_secrets WHERE connection_id = ? AND field = ?")) {
            ps.setString(1, id);
            ps.setString(2, field);
            ps.executeUpdate();
        }
    }

    /** @return the names of the connection sets that use the connection, in any role */
    List<String> setsUsing(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT s.name FROM connection_sets s"
                + " JOIN connection_set_members m ON m.set_id = s.id WHERE m.connection_id = ? ORDER BY s.name")) {
            ps.setString(1, id);
            List<String> names = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        }
    }

    private Map<String, String> secretsOf(Connection c, String id) throws SQLException {
        Map<String, String> result = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT field, sealed FROM connection_secrets WHERE connection_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return result;
    }

    private static Stored row(ResultSet rs, Map<String, String> secrets) throws SQLException {
        Map<String, String> config = new LinkedHashMap<>(StoreJson.read(rs.getString("config"), CONFIG));
        return new Stored(rs.getString("id"), rs.getString("name"), rs.getString("type"), Map.copyOf(config),
                Map.copyOf(secrets), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at"));
    }
}
