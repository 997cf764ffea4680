package org.ferry.admin.internal.auth;

import java.util.Optional;
import java.util.function.Supplier;

import org.ferry.runtime.management.UserService;

/**
 * Whether the credentials a long-lived answer (the event stream) was opened with still hold, asked again while it
 * runs: a revoked or expired token, a deleted user or a changed role takes effect on an open stream too, as it does
 * on the next request. Basic credentials are not checked against the password again (that would count as a login
 * each time); the user must still exist, with the role read anew.
 */
public final class LiveCredentials {
    /** How long a user's role read from the store stands for a stream (a token's revocation counts at once). */
    private static final long ROLE_FOR_MS = 2000;
    private final Supplier<UserService> users;
    private final TokenStore tokens;
    private final java.util.Map<String, Role> roles = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, Long> readAt = new java.util.concurrent.ConcurrentHashMap<>();

    public LiveCredentials(Supplier<UserService> users, TokenStore tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    /**
     * Cheap enough to ask before every event: the token is looked up in memory each time, the user's role in the store
     * at most every {@value #ROLE_FOR_MS} ms.
     *
     * @param authorization the request's {@code Authorization} header
     * @return the user's role now, or empty when the credentials no longer hold
     */
    public Optional<Role> roleNow(ApiUser user, String authorization) {
        try {
            if ("Bearer".equals(user.scheme())) {
                String token = authorization == null ? "" : authorization.substring(authorization.indexOf(' ') + 1).trim();
                if (tokens.resolve(token).filter(user.username()::equals).isEmpty()) {
                    return Optional.empty();
                }
            }
            long now = System.currentTimeMillis();
            Long read = readAt.get(user.username());
            if (read != null && now - read < ROLE_FOR_MS && roles.containsKey(user.username())) {
                return Optional.of(roles.get(user.username()));
            }
            Optional<Role> role = users.get().get(user.username()).map(u -> Role.of(u.role()));
            role.ifPresentOrElse(r -> roles.put(user.username(), r), () -> roles.remove(user.username()));
            readAt.put(user.username(), now);
            return role;
        } catch (RuntimeException e) {
            // the user service is away: an open stream is not kept on credentials nobody can check
            return Optional.empty();
        }
    }
}
