package org.ferry.runtime.management;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Bearer-token sessions, kept in the store so that a token issued by one node is valid on every node of the
 * cluster, and a logout or a password change ends it everywhere. Only a token's SHA-256 is stored.
 *
 * @since 1.3
 */
@ProviderType
public interface SessionService {
    /** A token as handed to the client, once. */
    record Issued(String token, Instant expiresAt) {
    }

    /** @return a new random token for the user, valid for {@code lifetime} */
    Issued issue(String username, Duration lifetime);

    /** @return the user of a live session with this token */
    Optional<String> resolve(String token);

    void revoke(String token);

    /** Ends every session of a user: after a password change or when the user is deleted. */
    void revokeUser(String username);
}
