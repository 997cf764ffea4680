package org.ferry.connectors.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.ferry.api.error.ConfigurationException;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final Clock clock = Clock.fixed(Instant.parse("2015-10-21T07:28:00Z"), ZoneOffset.UTC);

    @Test
    void retryAfterInSecondsAndAsHttpDate() {
        assertEquals(Optional.of(Duration.ofSeconds(7)), RetryPolicy.parseRetryAfter("7", clock));
        assertEquals(Optional.of(Duration.ofSeconds(30)),
                RetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", clock));
        assertEquals(Optional.of(Duration.ZERO), RetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:27:00 GMT", clock));
        assertTrue(RetryPolicy.parseRetryAfter("soon", clock).isEmpty());
        assertTrue(RetryPolicy.parseRetryAfter(null, clock).isEmpty());
    }

    @Test
    void fullJitterStaysUnderTheCappedCeiling() {
        RetryPolicy p = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMinutes(1));
        for (int n = 0; n < 40; n++) {
            long ceiling = Math.min(1000, 100L << Math.min(n, 20));
            for (int i = 0; i < 50; i++) {
                long d = p.backoff(n).toMillis();
                assertTrue(d >= 0 && d <= ceiling, n + ": " + d);
            }
        }
    }

    @Test
    void gatePausesEveryoneUntilThePauseEnds() throws Exception {
        RequestGate gate = new RequestGate(2);
        long start = System.nanoTime();
        gate.pauseFor(Duration.ofMillis(300));
        assertTrue(gate.enter(Deadline.after(Duration.ofSeconds(5))));
        gate.leave();
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos());
    }

    /** Sleeping through a pause that outlasts the budget would only delay the failure. */
    @Test
    void gateRefusesAtOnceWhenThePauseOutlastsTheDeadline() throws Exception {
        RequestGate gate = new RequestGate(1);
        gate.pauseFor(Duration.ofSeconds(30));
        long start = System.nanoTime();
        assertFalse(gate.enter(Deadline.after(Duration.ofSeconds(2))));
        assertTrue(System.nanoTime() - start < Duration.ofMillis(500).toNanos());

        RequestGate busy = new RequestGate(1);
        assertTrue(busy.enter(Deadline.after(Duration.ofSeconds(1))));
        start = System.nanoTime();
        assertFalse(busy.enter(Deadline.after(Duration.ofMillis(300))), "no slot came free");
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos());
    }

    @Test
    void httpOnlyToLoopbackAndOnlyWhenAllowed() {
        assertEquals("http://127.0.0.1:8080/sandbox/sales",
                BaseUrlPolicy.check("baseUrl", "http://127.0.0.1:8080/sandbox/sales/", true).toString());
        assertThrowsConfig(() -> BaseUrlPolicy.check("baseUrl", "http://127.0.0.1:8080/x", false));
        assertThrowsConfig(() -> BaseUrlPolicy.check("baseUrl", "http://example.com/x", true));
        assertThrowsConfig(() -> BaseUrlPolicy.check("baseUrl", "http://127.0.0.1.example.com/x", true));
        assertThrowsConfig(() -> BaseUrlPolicy.check("baseUrl", "https://user:pw@example.com/x", true));
        assertTrue(BaseUrlPolicy.isLoopback("[::1]"));
        assertFalse(BaseUrlPolicy.isLoopback("10.0.0.1"));
    }

    private static void assertThrowsConfig(Runnable r) {
        try {
            r.run();
        } catch (ConfigurationException e) {
            assertEquals("baseUrl", e.problems().get(0).field());
            return;
        }
        throw new AssertionError("expected a ConfigurationException");
    }
}
