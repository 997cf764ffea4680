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
     * @param stalled    the body stalled after the headers were sent (fault injection)
     * @param query      the decoded query string ({@code $select=name&$filter=…}), or {@code null} when it had none
     * @param server     the Dataverse web server that served it (0, 1, …), or -1
     */
    public record Entry(Instant at, long nanos, String client, String service, String method, String path,
                        int status, Integer retryAfter, boolean dropped, boolean stalled, String query, int server) {
        public Entry(Instant at, long nanos, String client, String service, String method, String path,
                     int status, Integer retryAfter, boolean dropped, boolean stalled, String query) {
            this(at, nanos, client, service, method, path, status, retryAfter, dropped, stalled, query, -1);
        }

        public Entry(Instant at, long nanos, String client, String service, String method, String path,
                     int status, Integer retryAfter, boolean dropped, boolean stalled) {
            this(at, nanos, client, service, method, path, status, retryAfter, dropped, stalled, null);
        }

        public Entry(Instant at, long nanos, String client, String service, String method, String path,
                     int status, Integer retryAfter, boolean dropped) {
            this(at, nanos, client, service, method, path, status, retryAfter, dropped, false, null);
        }
    }

    /** A request that arrived inside the Retry-After window of an earlier 429 to the same client. */
    public record Violation(Entry throttled, Entry early) {
    }

    /**
     * A 429 and what the same client did next.
     *
     * @param next   the client's next request, or null when it sent none
     * @param waited time between the 429 and that request, or null
     */
    public record RetryAfterGap(Entry throttled, Entry next, Duration waited) {
        /** Whether the client waited at least the Retry-After it was given (true when none was given). */
        public boolean honoured() {
            return throttled.retryAfter() == null || next == null
                    || waited.compareTo(Duration.ofSeconds(throttled.retryAfter())) >= 0;
        }
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

    /** @return how many responses stalled their body after the headers */
    public synchronized long stalled() {
        return entries.stream().filter(Entry::stalled).count();
    }

    /** Every 429 with the delay until the same client's next request. */
    public synchronized List<RetryAfterGap> retryAfterGaps() {
        List<RetryAfterGap> out = new ArrayList<>();
        List<Entry> all = new ArrayList<>(entries);
        for (int i = 0; i < all.size(); i++) {
            Entry t = all.get(i);
            if (t.status() != 429) {
                continue;
            }
            Entry next = null;
            for (int j = i + 1; j < all.size() && next == null; j++) {
                if (all.get(j).client().equals(t.client())) {
                    next = all.get(j);
                }
            }
            out.add(new RetryAfterGap(t, next, next == null ? null : Duration.ofNanos(next.nanos() - t.nanos())));
        }
        return out;
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
