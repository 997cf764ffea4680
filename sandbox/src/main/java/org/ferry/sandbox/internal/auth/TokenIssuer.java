package org.ferry.sandbox.internal.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues and checks opaque bearer tokens. Tokens are random, not JWTs: clients must treat access
 * tokens as opaque, and a sandbox that let them peek would hide that bug.
 */
public final class TokenIssuer {
    /** What the sandbox remembers about one token; the client id identifies the caller for throttling. */
    public record Grant(String clientId, String scope, Instant expiresAt) {
    }

    /** The outcome of checking an Authorization header. */
    public enum Check { VALID, MISSING, INVALID, EXPIRED }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final Duration lifetime;
    private final Clock clock;

    public TokenIssuer(Duration lifetime, Clock clock) {
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public Duration lifetime() {
        return lifetime;
    }

    public String issue(String clientId, String scope) {
        Instant now = clock.instant();
        grants.values().removeIf(g -> g.expiresAt().isBefore(now.minus(Duration.ofMinutes(5))));
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = "sbx." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        grants.put(token, new Grant(clientId, scope, now.plus(lifetime)));
        return token;
    }

    public Check check(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Check.MISSING;
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Check.INVALID;
        }
        Grant g = grants.get(authorization.substring(7).trim());
        if (g == null) {
            return Check.INVALID;
        }
        return clock.instant().isBefore(g.expiresAt()) ? Check.VALID : Check.EXPIRED;
    }

    /** The grant behind a valid header, or null. */
    public Grant grant(String authorization) {
        return check(authorization) == Check.VALID ? grants.get(authorization.substring(7).trim()) : null;
    }
}
