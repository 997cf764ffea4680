package org.ferry.runtime.internal.run;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.internal.store.Fence;
import org.ferry.runtime.internal.store.Jdbc;

/** A leg's checkpoint: the source's change token or watermark, saved only once the read it ends is all written. */
final class Checkpoints {
    private final Database db;
    private final String projectId;
    private final String legKey;
    private final Fence fence;

    /** @param fence the run's lease: a node that lost it must not move the checkpoint */
    Checkpoints(Database db, String projectId, String legKey, Fence fence) {
        this.fence = fence;
        this.db = db;
        this.projectId = projectId;
        this.legKey = legKey;
    }

    Optional<String> last() {
        return Jdbc.read(db, c -> {
            try (var ps = c.prepareStatement("SELECT token FROM checkpoints WHERE project_id = ? AND leg_key = ?")) {
                ps.setString(1, projectId);
                ps.setString(2, legKey);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** @param token the new checkpoint; {@code null} forgets the old one (a full read of a source without one) */
    void save(String token) {
        Jdbc.fenced(db, fence, c -> {
            try (var update = c.prepareStatement("UPDATE checkpoints SET token = ?, updated_at = ? WHERE project_id = ?"
                    + " AND leg_key = ?")) {
                update.setString(1, token);
                update.setTimestamp(2, Timestamp.from(Instant.now()));
                update.setString(3, projectId);
                update.setString(4, legKey);
                if (update.executeUpdate() > 0) {
                    return null;
                }
            }
            try (var insert = c.prepareStatement("INSERT INTO checkpoints(project_id, leg_key, token, updated_at)"
                    + " VALUES (?, ?, ?, ?)")) {
                insert.setString(1, projectId);
                insert.setString(2, legKey);
                insert.setString(3, token);
                insert.setTimestamp(4, Timestamp.from(Instant.now()));
                insert.executeUpdate();
            }
            return null;
        });
    }
}
