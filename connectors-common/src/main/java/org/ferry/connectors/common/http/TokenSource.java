package org.ferry.connectors.common.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.ferry.api.error.RetriableException;
import org.ferry.connectors.common.http.TokenCache.Token;

/**
 * OAuth2 access tokens from one {@link TokenGrant} (client credentials with a secret or a certificate, or a
 * managed identity), cached and renewed before they expire.
 *
 * <p>A token is renewed when a fifth of its life (at most five minutes) is left, so requests in flight never
 * carry one that expires on the way. Renewal is single-flight: concurrent callers wait for one token request
 * instead of each sending their own. Token requests go through a transport of their own (no credentials, its
 * own gate: the identity provider's throttling must not pause the service's connection), so they are retried
 * and bounded in time like every other request. Tokens may be shared with the connector type's other connections
 * ({@link TokenCache}): a run then asks for none while the last run's token lives.
 */
public final class TokenSource implements HttpTransport.Authorization {
    private final HttpTransport transport;
    private final TokenGrant grant;
    private final Clock clock;
    private final TokenCache shared;
    private final String identity;

    private volatile Token current;

    /** @param transport a transport without authorization, for the grant's endpoint */
    public TokenSource(HttpTransport transport, TokenGrant grant, Clock clock) {
        this(transport, grant, clock, TokenCache.NONE, null);
    }

    /**
     * @param shared   the tokens the connector type's connections share
     * @param identity whose tokens these are ({@link Credentials#identity()}); {@code null}: none are shared
     */
    public TokenSource(HttpTransport transport, TokenGrant grant, Clock clock, TokenCache shared, String identity) {
        this.transport = transport;
        this.grant = grant;
        this.clock = clock;
        this.shared = shared;
        this.identity = identity;
    }

    /** @return a bearer token that is not about to expire, fetched within the retry policy's budget if need be */
    public String token() {
        return token(transport.retryPolicy().deadline());
    }

    /** @return a bearer token that is not about to expire, fetched within {@code deadline} if need be */
    public String token(Deadline deadline) {
        Token t = current;
        if (t != null && clock.instant().isBefore(t.renewAt())) {
            return t.value();
        }
        synchronized (this) {
            t = current;
            if (t == null || !clock.instant().isBefore(t.renewAt())) {
                t = shared.get(identity, clock.instant());
                if (t == null) {
                    t = fetch(deadline);
                    shared.put(identity, t);
                }
                current = t;
            }
            return t.value();
        }
    }

    /**
     * Asks the grant's endpoint for a token now, whatever token is kept here or shared, and keeps it: a connection test
     * proves the credentials as they are, not a token they earned earlier (a secret revoked since still has one).
     *
     * @throws RuntimeException what the grant makes of a refusal ({@link TokenGrant#refused}), or a retriable error
     */
    public synchronized void signIn() {
        Token t = fetch(transport.retryPolicy().deadline());
        shared.put(identity, t);
        current = t;
    }

    @Override
    public String header(Deadline deadline) {
        return "Bearer " + token(deadline);
    }

    @Override
    public void rejected(String header) {
        invalidate(header.startsWith("Bearer ") ? header.substring(7) : header);
    }

    /**
     * Forgets {@code rejected} (the server answered 401 to it), here and in the shared cache, so the next
     * {@link #token()} fetches a new one.
     */
    public synchronized void invalidate(String rejected) {
        Token t = current;
        if (t != null && t.value().equals(rejected)) {
            current = null;
        }
        shared.forget(identity, rejected);
    }

    private Token fetch(Deadline deadline) {
        ApiResponse response;
        try {
            response = transport.send(grant.request(), deadline);
        } catch (RetriableException e) {
            throw new RetriableException(grant.endpoint() + " gave no token: " + e.getMessage() + grant.unreachableHint(),
                    e.retryAfter().orElse(null), e);
        }
        if (response.status() != 200) {
            throw grant.refused(response);
        }
        TokenGrant.AccessToken token = grant.read(response);
        Instant now = clock.instant();
        long life = Math.max(0, Duration.between(now, token.expiresAt()).toSeconds());
        long margin = Math.min(300, life / 5);
        return new Token(token.value(), now.plusSeconds(life - margin));
    }
}
