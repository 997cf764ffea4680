package org.ferry.runtime.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The lock row a run holds on its project while queued or running. Changes that must not happen under a run
 * (deleting the project, forgetting key-map entries) check it in a serializable transaction: a run that takes
 * the lock meanwhile waits for that transaction, or the transaction sees the lock.
 */
public final class ProjectLocks {
    private ProjectLocks() {
    }

    /** @return whether a run of the project is queued or running */
    public static boolean held(Connection c, String projectId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM project_locks WHERE project_id = ?")) {
            ps.setString(1, projectId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
