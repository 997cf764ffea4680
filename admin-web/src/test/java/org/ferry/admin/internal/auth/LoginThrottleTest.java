package org.ferry.admin.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** Lockout per (account, address) with a per-address budget that never blocks an account the address never failed on. */
class LoginThrottleTest {
    private static final String PROXY = "10.0.0.1";
    private final MovingClock clock = new MovingClock();
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void fiveFailuresLockThatNameFromThatAddressOnly() {
        for (int i = 0; i < LoginThrottle.PAIR_FREE; i++) {
            assertEquals(Duration.ZERO, throttle.lockedFor("admin", PROXY));
            throttle.failed("admin", PROXY);
        }
        assertEquals(Duration.ofSeconds(30), throttle.lockedFor("admin", PROXY));
        assertEquals(Duration.ofSeconds(30), throttle.lockedFor("ADMIN", PROXY), "names compare without case");
        assertEquals(Duration.ZERO, throttle.lockedFor("admin", "192.0.2.7"), "the account is not locked everywhere");
        assertEquals(Duration.ZERO, throttle.lockedFor("vera", PROXY), "nor is the address for other names");
    }

    @Test
    void theLockDoublesWithEachFurtherFailureUpToFifteenMinutes() {
        for (int i = 0; i < LoginThrottle.PAIR_FREE + 1; i++) {
            throttle.failed("admin", PROXY);
        }
        assertEquals(Duration.ofSeconds(60), throttle.lockedFor("admin", PROXY));
        for (int i = 0; i < 20; i++) {
            throttle.failed("admin", PROXY);
        }
        assertEquals(Duration.ofMinutes(15), throttle.lockedFor("admin", PROXY));
        clock.advance(Duration.ofMinutes(15));
        assertEquals(Duration.ZERO, throttle.lockedFor("admin", PROXY));
    }

    @Test
    void sprayingRandomNamesDoesNotLockOutTheRealUserBehindTheSameAddress() {
        for (int i = 0; i < 50; i++) {
            throttle.failed("random-" + i, PROXY);
        }
        assertEquals(Duration.ZERO, throttle.lockedFor("admin", PROXY), "no failure for admin from here: checked");
        assertTrue(throttle.lockedFor("random-3", PROXY).compareTo(Duration.ZERO) > 0,
                "an over-budget address is refused for every name it failed on");
        throttle.failed("admin", PROXY);
        assertTrue(throttle.lockedFor("admin", PROXY).compareTo(Duration.ZERO) > 0,
                "once it failed on admin too, admin from here waits like the rest");
        assertEquals(Duration.ZERO, throttle.lockedFor("admin", "192.0.2.7"));
    }

    @Test
    void aSuccessClearsItsPairButNotTheAddressBudget() {
        for (int i = 0; i < LoginThrottle.ADDRESS_FREE; i++) {
            throttle.failed("n" + i, PROXY);
        }
        throttle.failed("vera", PROXY);
        throttle.succeeded("vera", "192.0.2.7");
        assertTrue(throttle.lockedFor("vera", PROXY).compareTo(Duration.ZERO) > 0, "another address's success changes nothing");
        throttle.succeeded("vera", PROXY);
        assertEquals(Duration.ZERO, throttle.lockedFor("vera", PROXY));
        assertTrue(throttle.lockedFor("n1", PROXY).compareTo(Duration.ZERO) > 0);
    }

    @Test
    void failuresAreForgottenAfterAnHour() {
        for (int i = 0; i < LoginThrottle.PAIR_FREE - 1; i++) {
            throttle.failed("admin", PROXY);
        }
        clock.advance(Duration.ofMinutes(61));
        throttle.failed("admin", PROXY);
        assertEquals(Duration.ZERO, throttle.lockedFor("admin", PROXY));
    }

    private static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
