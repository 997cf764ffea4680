package org.ferry.runtime.internal.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.internal.store.Jdbc;
import org.ferry.runtime.management.Actor;
import org.ferry.runtime.management.AuditEntry;
import org.ferry.runtime.management.AuditLog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The audit log over the {@code audit} table. Managers write their entries with
 * {@link #record(Connection, Actor, String, String, String)} inside the transaction of the change, so a
 * change and its entry are stored together or not at all. Callers never pass secrets as detail.
 */
@Component(service = {AuditLog.class, AuditTrail.class})
public class AuditTrail implements AuditLog {
    static final int MAX_DETAIL = 4000;
    static final int MAX_SUBJECT = 200;
    static final int MAX_ACTOR = 100;
    static final int MAX_PAGE = 1000;

    private final Database database;
    private final Clock clock;

    @Activate
    public AuditTrail(@Reference Database database) {
        this(database, Clock.systemUTC());
    }

    public AuditTrail(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public void record(Actor actor, String action, String subject, String detail) {
        Jdbc.inTransaction(database, c -> {
            record(c, actor, action, subject, detail);
            return null;
        });
    }

    /** Appends an entry within the caller's transaction. */
    public void record(Connection c, Actor actor, String action, String subject, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit(occurred_at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)")) {
            Jdbc.setInstant(ps, 1, clock.instant().truncatedTo(ChronoUnit.MILLIS));
            ps.setString(2, clip(actor.username(), MAX_ACTOR));
            ps.setString(3, clip(action, 100));
            ps.setString(4, clip(subject, MAX_SUBJECT));
            ps.setString(5, clip(detail, MAX_DETAIL));
            ps.executeUpdate();
        }
    }

    @Override
    public List<AuditEntry> entries(int offset, int limit) {
        int from = Math.max(0, offset);
        int size = Math.max(0, Math.min(limit, MAX_PAGE));
        if (size == 0) {
            return List.of();
        }
        return Jdbc.read(database, c -> {
            // id, not time, orders the log: entries written in the same millisecond keep their order
            try (PreparedStatement ps = c.prepareStatement("SELECT occurred_at, actor, action, subject, detail FROM audit"
                    + " ORDER BY id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
                ps.setInt(1, from);
                ps.setInt(2, size);
                List<AuditEntry> result = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Instant at = Jdbc.instant(rs, "occurred_at");
                        result.add(new AuditEntry(at, rs.getString("actor"), rs.getString("action"),
                                rs.getString("subject"), rs.getString("detail")));
                    }
                }
                return result;
            }
        });
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }
}
