package org.ferry.runtime.internal.users;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.internal.store.Jdbc;
import org.ferry.runtime.management.SessionService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Sessions in the store: 256 random bits per token, base64url; only the token's SHA-256 is kept, so neither a
 * heap dump nor the database hands out sessions. Opaque server-side tokens rather than signed ones: revocation
 * (logout, password change, deleted user) is a row deleted, on every node at once, and there is no signing key to
 * share between nodes.
 */
@Component(service = SessionService.class)
public class SessionStore implements SessionService {
    /** Bounds the table against a client that logs in in a loop; the oldest sessions go first. */
    static final int MAX_SESSIONS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final Clock clock;

    @Activate
    public SessionStore(@Reference Database db) {
        this(db, Clock.systemUTC());
    }

    public SessionStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public Issued issue(String username, Duration lifetime) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
        Jdbc.inTransaction(db, c -> {
            try (PreparedStatement purge = c.prepareStatement("DELETE FROM sessions WHERE expires_at <= ?")) {
                Jdbc.setInstant(purge, 1, now);
                purge.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sessions(digest, username, expires_at) VALUES (?, ?, ?)")) {
                ps.setString(1, digest(token));
                ps.setString(2, username);
                Jdbc.setInstant(ps, 3, expiresAt);
                ps.executeUpdate();
            }
            return null;
        });
        trim();
        return new Issued(token, expiresAt);
    }

    @Override
    public Optional<String> resolve(String token) {
        Instant now = clock.instant();
        return Jdbc.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT username FROM sessions WHERE digest = ? AND expires_at > ?")) {
                ps.setString(1, digest(token));
                Jdbc.setInstant(ps, 2, now);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    @Override
    public void revoke(String token) {
        delete("DELETE FROM sessions WHERE digest = ?", digest(token));
    }

    @Override
    public void revokeUser(String username) {
        delete("DELETE FROM sessions WHERE username = ?", username);
    }

    int size() {
        return Jdbc.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM sessions"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private void trim() {
        int excess = size() - MAX_SESSIONS;
        if (excess <= 0) {
            return;
        }
        Jdbc.inTransaction(db, c -> {
            List<String> oldest = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT digest FROM sessions ORDER BY expires_at, digest"
                    + " FETCH FIRST " + excess + " ROWS ONLY"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    oldest.add(rs.getString(1));
                }
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM sessions WHERE digest = ?")) {
                for (String d : oldest) {
                    del.setString(1, d);
                    del.addBatch();
                }
                del.executeBatch();
            }
            return null;
        });
    }

    private void delete(String sql, String value) {
        Jdbc.inTransaction(db, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, value);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
