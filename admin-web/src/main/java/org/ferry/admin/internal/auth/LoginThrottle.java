package org.ferry.admin.internal.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing without letting anyone lock the innocent out.
 * <ul>
 *   <li><b>Per account and address:</b> after {@link #PAIR_FREE} failures for one user name from one client
 *       address, further attempts for that name from that address are refused for a lockout that starts at
 *       30 s and doubles with each further failure, up to 15 minutes. The same name from another address is
 *       not affected, so failures cannot lock an account everywhere.</li>
 *   <li><b>Per address:</b> after {@link #ADDRESS_FREE} failures from an address, whatever the names, the
 *       address is over its budget (for a lockout that grows the same way): from then on it is refused for
 *       every name it has failed on, which ends guessing and spraying from it, while a name it has
 *       <em>not</em> failed on is still checked, so the real user behind the same address (a proxy, an office)
 *       logs in with the right password. A wrong password for such a name counts, and that name is refused
 *       from then on too.</li>
 * </ul>
 * This is the "known good pairs" approach of the trusted systems: the unit of lockout is the pair that
 * failed, not the account and not the address alone. A success clears its pair; failures are forgotten an
 * hour after the last one. Refused attempts are not checked against the password at all.
 */
public final class LoginThrottle {
    static final int PAIR_FREE = 5;
    static final int ADDRESS_FREE = 20;
    static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    static final Duration MAX_LOCK = Duration.ofMinutes(15);
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    static final int MAX_ENTRIES = 50_000;

    private record Entry(int failures, Instant lastFailure, Instant lockedUntil) {
        boolean locked(Instant now) {
            return lockedUntil != null && now.isBefore(lockedUntil);
        }

        boolean current(Instant now) {
            return !lastFailure.plus(FORGET_AFTER).isBefore(now);
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** @return how long attempts for this name from this address are refused, or {@link Duration#ZERO} */
    public Duration lockedFor(String username, String address) {
        Instant now = clock.instant();
        Entry pair = entries.get(pairKey(username, address));
        Duration longest = Duration.ZERO;
        if (pair != null && pair.locked(now)) {
            longest = Duration.between(now, pair.lockedUntil());
        }
        Entry budget = entries.get(addressKey(address));
        boolean failedHere = pair != null && pair.current(now);
        if (budget != null && budget.locked(now) && failedHere) {
            Duration left = Duration.between(now, budget.lockedUntil());
            longest = left.compareTo(longest) > 0 ? left : longest;
        }
        return longest;
    }

    public void failed(String username, String address) {
        Instant now = clock.instant();
        if (entries.size() > MAX_ENTRIES) {
            entries.values().removeIf(e -> !e.current(now));
        }
        count(pairKey(username, address), PAIR_FREE, now);
        count(addressKey(address), ADDRESS_FREE, now);
    }

    /** Clears the pair's failures; the address's budget stays, so one good account cannot reset it. */
    public void succeeded(String username, String address) {
        entries.remove(pairKey(username, address));
    }

    private void count(String key, int free, Instant now) {
        entries.compute(key, (k, old) -> {
            int failures = old == null || !old.current(now) ? 1 : old.failures() + 1;
            Instant lockedUntil = null;
            if (failures >= free) {
                int doublings = Math.min(failures - free, 10);
                Duration lock = FIRST_LOCK.multipliedBy(1L << doublings);
                lockedUntil = now.plus(lock.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : lock);
            }
            return new Entry(failures, now, lockedUntil);
        });
    }

    private static String pairKey(String username, String address) {
        return "pair:" + (username == null ? "" : username.toLowerCase(Locale.ROOT)) + "\u0000" + addressOf(address);
    }

    private static String addressKey(String address) {
        return "address:" + addressOf(address);
    }

    private static String addressOf(String address) {
        return address == null ? "" : address;
    }
}
