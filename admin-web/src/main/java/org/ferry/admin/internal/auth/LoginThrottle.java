package org.ferry.admin.internal.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing, per user name and per client address: after {@link #USER_FREE} failures for
 * a name (or {@link #ADDRESS_FREE} from an address, which many people may share behind a proxy), every
 * further attempt is refused for a lockout that starts at 30 s and doubles with each further failure,
 * up to 15 minutes. A success clears the name's count; failures are forgotten after an hour without any.
 * Refused attempts are not checked against the password at all, so a lockout also stops the guessing.
 */
public final class LoginThrottle {
    static final int USER_FREE = 5;
    static final int ADDRESS_FREE = 20;
    static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    static final Duration MAX_LOCK = Duration.ofMinutes(15);
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    static final int MAX_ENTRIES = 50_000;

    private record Entry(int failures, Instant lastFailure, Instant lockedUntil) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** @return how long attempts for this name or from this address are refused, or {@link Duration#ZERO} */
    public Duration lockedFor(String username, String address) {
        Instant now = clock.instant();
        Duration longest = Duration.ZERO;
        for (String key : new String[] {userKey(username), addressKey(address)}) {
            Entry e = entries.get(key);
            if (e != null && e.lockedUntil() != null && now.isBefore(e.lockedUntil())) {
                Duration left = Duration.between(now, e.lockedUntil());
                longest = left.compareTo(longest) > 0 ? left : longest;
            }
        }
        return longest;
    }

    public void failed(String username, String address) {
        Instant now = clock.instant();
        if (entries.size() > MAX_ENTRIES) {
            entries.values().removeIf(e -> e.lastFailure().plus(FORGET_AFTER).isBefore(now));
        }
        count(userKey(username), USER_FREE, now);
        count(addressKey(address), ADDRESS_FREE, now);
    }

    public void succeeded(String username) {
        entries.remove(userKey(username));
    }

    private void count(String key, int free, Instant now) {
        entries.compute(key, (k, old) -> {
            int failures = old == null || old.lastFailure().plus(FORGET_AFTER).isBefore(now) ? 1 : old.failures() + 1;
            Instant lockedUntil = null;
            if (failures >= free) {
                int doublings = Math.min(failures - free, 10);
                Duration lock = FIRST_LOCK.multipliedBy(1L << doublings);
                lockedUntil = now.plus(lock.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : lock);
            }
            return new Entry(failures, now, lockedUntil);
        });
    }

    private static String userKey(String username) {
        return "user:" + (username == null ? "" : username.toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "address:" + (address == null ? "" : address);
    }
}
