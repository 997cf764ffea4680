package org.ferry.runtime.internal.connections;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.ferry.api.connector.EntityInfo;
import org.ferry.api.data.EntitySchema;
import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.internal.store.Jdbc;
import org.ferry.runtime.internal.store.StoreJson;

import com.fasterxml.jackson.core.type.TypeReference;

/**
 * The {@code entity_cache} table: what a connection answered when asked for its entity list ('*') and
 * for each entity's schema, so the console and validation do not call the remote system every time.
 * Listing the entities of Dataverse or F&amp;O takes seconds; a user refreshes explicitly.
 */
final class EntityCache {
    static final String LIST = "*";
    private static final int MAX_KEY = 200;
    private static final TypeReference<List<EntityInfo>> ENTITY_LIST = new TypeReference<>() {
    };

    private final Database database;

    EntityCache(Database database) {
        this.database = database;
    }

    Optional<List<EntityInfo>> entities(String connectionId) {
        return body(connectionId, LIST).map(json -> StoreJson.read(json, ENTITY_LIST));
    }

    Optional<EntitySchema> schema(String connectionId, String entity) {
        return body(connectionId, entity).map(json -> StoreJson.read(json, EntitySchema.class));
    }

    void putEntities(String connectionId, List<EntityInfo> entities, Instant at) {
        put(connectionId, LIST, StoreJson.write(entities), at);
    }

    void putSchema(String connectionId, String entity, EntitySchema schema, Instant at) {
        put(connectionId, entity, StoreJson.write(schema), at);
    }

    void clear(String connectionId) {
        Jdbc.inTransaction(database, c -> {
            clear(c, connectionId);
            return null;
        });
    }

    static void clear(Connection c, String connectionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM entity_cache WHERE connection_id = ?")) {
            ps.setString(1, connectionId);
            ps.executeUpdate();
        }
    }

    private Optional<String> body(String connectionId, String key) {
        if (key.length() > MAX_KEY) {
            return Optional.empty();
        }
        return Jdbc.read(database, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT body FROM entity_cache WHERE connection_id = ? AND entity = ?")) {
                ps.setString(1, connectionId);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    private void put(String connectionId, String key, String body, Instant at) {
        if (key.length() > MAX_KEY) {
            return; // such a name is not worth a wider column; it is simply not cached
        }
        try {
            Jdbc.inTransaction(database, c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE entity_cache SET body = ?, fetched_at = ? WHERE connection_id = ? AND entity = ?")) {
                    ps.setString(1, body);
                    Jdbc.setInstant(ps, 2, at);
                    ps.setString(3, connectionId);
                    ps.setString(4, key);
                    if (ps.executeUpdate() > 0) {
                        return null;
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO entity_cache(connection_id, entity, body, fetched_at) VALUES (?, ?, ?, ?)")) {
                    ps.setString(1, connectionId);
                    ps.setString(2, key);
                    ps.setString(3, body);
                    Jdbc.setInstant(ps, 4, at);
                    ps.executeUpdate();
                }
                return null;
            });
        } catch (Jdbc.StoreException e) {
            // another request cached the same answer first, or the connection was deleted meanwhile:
            // either way the cache is only an optimisation
            if (!Jdbc.isIntegrityViolation(e.sqlException())) {
                throw e;
            }
        }
    }
}
