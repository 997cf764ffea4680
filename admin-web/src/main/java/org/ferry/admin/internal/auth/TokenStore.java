package org.ferry.admin.internal.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import org.ferry.runtime.management.SessionService;

/**
 * Bearer tokens, valid for {@link #LIFETIME} from issue. The sessions live in the engine's store
 * ({@link SessionService}): a token issued by one node of a cluster is valid on all, and a logout or a password
 * change ends it on all.
 */
public final class TokenStore {
    public static final Duration LIFETIME = Duration.ofHours(8);

    /** A token as handed to the client, once. */
    public record Issued(String token, Instant expiresAt) {
    }

    private final Supplier<SessionService> sessions;

    public TokenStore(Supplier<SessionService> sessions) {
        this.sessions = sessions;
    }

    public Issued issue(String username) {
        SessionService.Issued issued = sessions.get().issue(username, LIFETIME);
        return new Issued(issued.token(), issued.expiresAt());
    }

    /** @return the user of a live session with this token */
    public Optional<String> resolve(String token) {
        return sessions.get().resolve(token);
    }

    public void revoke(String token) {
        sessions.get().revoke(token);
    }

    /** Ends every session of a user: after a password change or when the user is deleted. */
    public void revokeUser(String username) {
        sessions.get().revokeUser(username);
    }
}
