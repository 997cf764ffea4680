package org.ferry.sandbox.internal.throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the sandbox saw, so tests can prove client behaviour: every request with its arrival time,
 * client, outcome and — for 429s — the Retry-After it was given. Bounded: the oldest entries go first.
 */
public final class RequestLog {
    /**
     * One request.
     *
     * @param nanos      arrival on the monotonic clock (System.nanoTime), for interval checks
     * @param retryAfter the Retry-After seconds sent with a 429, or null
     * @param dropped    the connection was dropped after the request was applied
     */
    public record Entry(Instant at, long nanos, String client, String service, String method, String path,
                        int status, Integer retryAfter, boolean dropped) {
    }

    /** A request that arrived inside the Retry-After window of an earlier 429 to the same client. */
    public record Violation(Entry throttled, Entry early) {
    }

    private final int capacity;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();

    public RequestLog(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(Entry e) {
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(e);
    }

    public synchronized List<Entry> entries() {
        return new ArrayList<>(entries);
    }

    public synchronized void clear() {
        entries.clear();
    }

    public synchronized long count(int status) {
        return entries.stream().filter(e -> e.status() == status).count();
    }

    public synchronized long dropped() {
        return entries.stream().filter(Entry::dropped).count();
    }

    /**
     * Requests from the same client that arrived after a 429 with Retry-After but before that many
     * seconds had passed. {@code grace} absorbs requests that were already on the wire when the 429
     * was sent (a client cannot recall those).
     */
    public synchronized List<Violation> retryAfterViolations(Duration grace) {
        List<Violation> out = new ArrayList<>();
        Map<String, List<Entry>> throttledByClient = new HashMap<>();
        for (Entry e : entries) {
            for (Entry t : throttledByClient.getOrDefault(e.client(), List.of())) {
                long since = e.nanos() - t.nanos();
                if (since > grace.toNanos() && since < Duration.ofSeconds(t.retryAfter()).toNanos()) {
                    out.add(new Violation(t, e));
                }
            }
            if (e.status() == 429 && e.retryAfter() != null) {
                throttledByClient.computeIfAbsent(e.client(), k -> new ArrayList<>()).add(e);
            }
        }
        return out;
    }
}
