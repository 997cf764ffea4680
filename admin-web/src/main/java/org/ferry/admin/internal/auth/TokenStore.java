package org.ferry.admin.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens: 256 random bits, base64url, valid for {@link #LIFETIME} from issue. Only the SHA-256
 * of a token is kept (in memory), so a heap dump does not hand out sessions, and a restart logs
 * everyone out. Opaque server-side tokens rather than signed ones: revocation (logout, password
 * change, deleted user) is a map removal, and there is no signing key to keep.
 */
public final class TokenStore {
    public static final Duration LIFETIME = Duration.ofHours(8);
    /** Bounds memory against a client that logs in in a loop; the oldest sessions go first. */
    static final int MAX_SESSIONS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A live session: who, and until when. */
    public record Session(String username, Instant expiresAt) {
    }

    /** A token as handed to the client, once. */
    public record Issued(String token, Instant expiresAt) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    public TokenStore(Clock clock) {
        this.clock = clock;
    }

    public Issued issue(String username) {
        purge();
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expiresAt = clock.instant().plus(LIFETIME).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        sessions.put(digest(token), new Session(username, expiresAt));
        return new Issued(token, expiresAt);
    }

    public Optional<Session> resolve(String token) {
        String key = digest(token);
        Session session = sessions.get(key);
        if (session == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(session.expiresAt())) {
            sessions.remove(key);
            return Optional.empty();
        }
        return Optional.of(session);
    }

    public void revoke(String token) {
        sessions.remove(digest(token));
    }

    /** Ends every session of a user: after a password change or when the user is deleted. */
    public void revokeUser(String username) {
        sessions.values().removeIf(s -> s.username().equals(username));
    }

    int size() {
        return sessions.size();
    }

    private void purge() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> !now.isBefore(s.expiresAt()));
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.entrySet().stream()
                    .sorted(Map.Entry.comparingByValue(java.util.Comparator.comparing(Session::expiresAt)))
                    .limit(sessions.size() - MAX_SESSIONS + 1L)
                    .map(Map.Entry::getKey)
                    .toList()
                    .forEach(sessions::remove);
        }
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
