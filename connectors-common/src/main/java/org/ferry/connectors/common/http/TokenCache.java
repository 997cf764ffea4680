package org.ferry.connectors.common.http;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The access tokens a connector type's connections share. A run opens its connections afresh, and each used to ask
 * the identity provider for a token of its own, although Azure AD's tokens live about an hour: a project scheduled
 * every five minutes made twelve token requests an hour per connection and user where one will do, and the identity
 * provider throttles too. Tokens are kept under {@link Credentials#identity()}, which names the endpoint, the client,
 * the resource and a digest of the proof: a connection whose secret changed never gets the token the old secret
 * earned, and the cache holds no secret.
 *
 * <p>Thread-safe. Two connections that miss at once may both ask for a token; the later one is kept. A token the
 * service refused is forgotten by every connection that shares it ({@link TokenSource#invalidate}).
 */
public final class TokenCache {
    /** A cache that keeps nothing: each {@link TokenSource} keeps its own tokens only. */
    public static final TokenCache NONE = new TokenCache(false);

    /** A token and when to stop using it (before it expires). */
    record Token(String value, Instant renewAt) {
        @Override
        public String toString() {
            return "Token[renewAt=" + renewAt + "]";
        }
    }

    private final boolean keeps;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    public TokenCache() {
        this(true);
    }

    private TokenCache(boolean keeps) {
        this.keeps = keeps;
    }

    /** @return the token kept under {@code identity} if it is not due for renewal at {@code now}, else {@code null} */
    Token get(String identity, Instant now) {
        if (!keeps || identity == null) {
            return null;
        }
        tokens.values().removeIf(t -> !now.isBefore(t.renewAt()));
        return tokens.get(identity);
    }

    void put(String identity, Token token) {
        if (keeps && identity != null) {
            tokens.put(identity, token);
        }
    }

    /** Forgets the token under {@code identity} if it is {@code rejected}; a newer one another connection got stays. */
    void forget(String identity, String rejected) {
        if (identity != null) {
            tokens.computeIfPresent(identity, (k, t) -> t.value().equals(rejected) ? null : t);
        }
    }
}
