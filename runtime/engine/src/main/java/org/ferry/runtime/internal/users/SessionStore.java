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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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

    /** How long a session read from a shared store is believed: another node may revoke it, which this one never hears. */
    static final Duration SHARED_STORE_TRUST = Duration.ofSeconds(2);

    private final Database db;
    private final Clock clock;
    /**
     * Sessions resolved before, by digest: every request of the admin API resolves its token, and a store read per
     * request was a fifth of a read's CPU while a run was going. Revocations through this node forget at once; a store
     * that several nodes share is asked again after {@link #SHARED_STORE_TRUST}.
     */
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    /** Counts revocations, so a read that raced one does not put what it read in {@link #known}. */
    private final AtomicLong revocations = new AtomicLong();

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
        String digest = digest(token);
        Known cached = known.get(digest);
        if (cached != null && cached.expiresAt().isAfter(now)
                && (!db.shared() || cached.readAt().plus(SHARED_STORE_TRUST).isAfter(now))) {
            return Optional.of(cached.username());
        }
        long generation = revocations.get();
        Optional<Known> found = Jdbc.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT username, expires_at FROM sessions WHERE digest = ? AND expires_at > ?")) {
                ps.setString(1, digest);
                Jdbc.setInstant(ps, 2, now);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Known(rs.getString(1), Jdbc.instant(rs, "expires_at"), now))
                            : Optional.<Known>empty();
                }
            }
        });
        if (found.isEmpty()) {
            known.remove(digest);
            return Optional.empty();
        }
        // a revocation between the read and here may have removed it: then the next request reads again
        if (revocations.get() == generation) {
            if (known.size() >= MAX_SESSIONS) {
                known.clear();
            }
            known.put(digest, found.get());
        }
        return found.map(Known::username);
    }

    @Override
    public void revoke(String token) {
        String digest = digest(token);
        revocations.incrementAndGet();
        known.remove(digest);
        delete("DELETE FROM sessions WHERE digest = ?", digest);
        known.remove(digest);
    }

    @Override
    public void revokeUser(String username) {
        revocations.incrementAndGet();
        known.values().removeIf(k -> k.username().equals(username));
        delete("DELETE FROM sessions WHERE username = ?", username);
        known.values().removeIf(k -> k.username().equals(username));
    }

    /** A session as read from the store, and when. */
    private record Known(String username, Instant expiresAt, Instant readAt) {
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
            revocations.incrementAndGet();
            oldest.forEach(known::remove);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM sessions WHERE digest = ?")) {
                for (String d : oldest) {
                    del.setString(1, d);
                    del.addBatch();
                }
                del.executeBatch();
            }
            oldest.forEach(known::remove);
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
