package org.ferry.connectors.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import org.ferry.sandbox.SandboxOptions;
import org.ferry.testing.SandboxServer;
import org.junit.jupiter.api.Test;

/** Token sources of one connector type share the tokens of the same credentials, and forget one the service refused. */
class TokenCacheSandboxTest {
    private static final String SCOPE = "https://contoso.crm.dynamics.com/.default";

    private static TokenSource source(TokenCache shared, Credentials credentials) {
        HttpTransport anonymous = new HttpTransport(HttpTransport.newClient(Duration.ofSeconds(5)), null, new RequestGate(1),
                RetryPolicy.DEFAULT.withBudget(Duration.ofSeconds(10)), Duration.ofSeconds(5), Clock.systemUTC(), r -> null);
        return new TokenSource(anonymous, credentials.grant(Clock.systemUTC()), Clock.systemUTC(), shared,
                credentials.identity());
    }

    private static long tokenRequests(SandboxServer sandbox) {
        return sandbox.requestLog().entries().stream().filter(e -> e.path().contains("/oauth2/")).count();
    }

    @Test
    void aSharedTokenServesEverySourceUntilTheServiceRefusesIt() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().sampleData(false).build())) {
            Credentials app = new Credentials.Secret(URI.create(sandbox.tokenUrl()), sandbox.clientId(),
                    sandbox.clientSecret(), SCOPE);
            TokenCache shared = new TokenCache();
            String first = source(shared, app).token();
            assertEquals(first, source(shared, app).token(), "the next run's connection takes the token");
            assertEquals(1, tokenRequests(sandbox));

            TokenSource refusedBy = source(shared, app);
            refusedBy.invalidate(refusedBy.token()); // the service answered 401 to it
            String next = source(shared, app).token();
            assertNotEquals(first, next, "a refused token is forgotten by every source that shares it");
            assertEquals(2, tokenRequests(sandbox));

            source(TokenCache.NONE, app).token();
            assertEquals(3, tokenRequests(sandbox), "a source that shares nothing asks for its own");
        }
    }

    @Test
    void theIdentityTellsCredentialsApartWithoutHoldingTheirSecret() {
        URI endpoint = URI.create("https://login.microsoftonline.com/contoso/oauth2/v2.0/token");
        Credentials app = new Credentials.Secret(endpoint, "client-a", "s3cret-value", SCOPE);
        assertEquals(app.identity(), new Credentials.Secret(endpoint, "client-a", "s3cret-value", SCOPE).identity());
        assertNotEquals(app.identity(), new Credentials.Secret(endpoint, "client-a", "s3cret-value2", SCOPE).identity(),
                "a changed secret never meets the token the old one earned");
        assertNotEquals(app.identity(), new Credentials.Secret(endpoint, "client-b", "s3cret-value", SCOPE).identity());
        assertNotEquals(app.identity(), new Credentials.Secret(endpoint, "client-a", "s3cret-value",
                "https://usmf.operations.dynamics.com/.default").identity(), "a token is for one resource");
        assertFalse(app.identity().contains("s3cret"));
    }
}
