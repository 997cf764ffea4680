package org.ferry.sandbox.internal.throttle;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.ferry.sandbox.SandboxOptions;

/**
 * Dataverse's service-protection limits and F&amp;O's resource-based throttling, and the faults tests inject.
 *
 * <p><b>Dataverse</b> (reference {@code real-services.md} §3): the limits hold per user and per web server over a
 * sliding window: requests, combined execution time, and concurrent requests. Several web servers stand behind a
 * load balancer: a request carrying the affinity cookie ({@code ARRAffinity}) of one goes there; one without goes
 * to the server where that user has the fewest requests in flight (the documentation does not describe the
 * balancer; this is the sandbox's plain choice, an even spread). Execution time is the time requests spend on the
 * server, running ones included up to now, counted where it overlaps the window. Refusals answer 429 with Retry-After; a user who keeps sending during the
 * penalty extends it by a second a request ("pushing on extends the duration"). Every answer carries
 * {@code x-ms-dop-hint}: the requests one user can keep running on every server without exceeding the
 * execution-time limit ({@link SandboxOptions#dopHint()}).
 *
 * <p><b>F&amp;O</b> withdrew per-user limits; resource-based throttling answers 429 with Retry-After when the
 * environment is busy. F&amp;O publishes no threshold: the sandbox's is a number of requests in flight on the
 * environment ({@code operations-max-concurrency}).
 */
public final class ServiceProtection {
    /** Why a request was refused. */
    public enum Limit { REQUESTS, EXECUTION, CONCURRENCY, INJECTED, RESOURCES }

    /** The decision on one request; an admitted one holds a {@link Ticket} to {@link Ticket#finish} and close. */
    public record Admission(boolean admitted, Limit limit, Integer retryAfter, Ticket ticket, int server) {
        public void close() {
            if (ticket != null) {
                ticket.close();
            }
        }
    }

    private final SandboxOptions options;
    private final Random random;
    /** user@service → one state per web server */
    private final Map<String, ServerState[]> users = new ConcurrentHashMap<>();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicInteger operationsInFlight = new AtomicInteger();
    private final AtomicLong roundRobin = new AtomicLong();
    private final Map<String, AtomicLong> throttled = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> admitted = new ConcurrentHashMap<>();

    public ServiceProtection(SandboxOptions options) {
        this.options = options;
        this.random = new Random(options.seed());
    }

    /** One user's use of one web server. */
    private static final class ServerState {
        final ArrayDeque<Long> arrivals = new ArrayDeque<>();
        /** completed requests' {start, end} on the monotonic clock */
        final ArrayDeque<long[]> executions = new ArrayDeque<>();
        final List<Long> running = new ArrayList<>();
        long blockedUntil;
        Limit blockedBy;

        void prune(long now, long window) {
            while (!arrivals.isEmpty() && now - arrivals.peekFirst() >= window) {
                arrivals.removeFirst();
            }
            while (!executions.isEmpty() && now - executions.peekFirst()[1] >= window) {
                executions.removeFirst();
            }
        }

        /** Execution time inside the window, running requests up to now included. */
        long executionNanos(long now, long window) {
            long from = now - window;
            long sum = 0;
            for (long[] e : executions) {
                sum += e[1] - Math.max(e[0], from);
            }
            for (long start : running) {
                sum += now - Math.max(start, from);
            }
            return sum;
        }
    }

    /** An admitted request: it spends its server time in {@link #finish}, and frees its slot on {@link #close}. */
    public final class Ticket {
        private final ServerState state;
        private final long start;
        private boolean closed;

        private Ticket(ServerState state, long start) {
            this.state = state;
            this.start = start;
        }

        /** Waits until the request has taken {@code serverMillis} since it was admitted, as the server would. */
        public void finish(double serverMillis) {
            long until = start + (long) (serverMillis * 1_000_000);
            long wait = until - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(wait));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** @return the Dataverse headers that tell the client about its budget on this server */
        public Map<String, String> headers() {
            Map<String, String> h = new LinkedHashMap<>();
            if (state == null) {
                return h;
            }
            long now = System.nanoTime();
            long window = options.window().toNanos();
            synchronized (state) {
                state.prune(now, window);
                h.put("x-ms-ratelimit-burst-remaining-xrm-requests",
                        Integer.toString(Math.max(0, options.requestsPerWindow() - state.arrivals.size())));
                long left = options.executionSecondsPerWindow() * 1_000_000_000L - state.executionNanos(now, window);
                h.put("x-ms-ratelimit-time-remaining-xrm-requests", Long.toString(Math.max(0, left / 1_000_000)));
            }
            h.put("x-ms-dop-hint", Integer.toString(options.dopHint()));
            return h;
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (state == null) {
                operationsInFlight.decrementAndGet();
                return;
            }
            synchronized (state) {
                state.running.remove(Long.valueOf(start));
                state.executions.addLast(new long[] {start, System.nanoTime()});
            }
        }
    }

    /**
     * @param user     the client id the bearer token was issued to
     * @param service  {@code sales} or {@code operations}
     * @param affinity the web server the request's affinity cookie names, or {@code null}
     */
    public Admission admit(String user, String service, Integer affinity) {
        long now = System.nanoTime();
        String key = user + "@" + service;
        if (options.throttleRate() > 0 && chance(options.throttleRate())) {
            boolean withHeader = !chance(options.throttleWithoutRetryAfter());
            return refused(key, Limit.INJECTED, withHeader ? options.retryAfterSeconds() : null, 0);
        }
        if (service.equals("operations")) {
            if (operationsInFlight.incrementAndGet() > options.operationsMaxConcurrency()) {
                operationsInFlight.decrementAndGet();
                return refused(key, Limit.RESOURCES, options.operationsRetryAfter(), 0);
            }
            count(admitted, key);
            return new Admission(true, null, null, new Ticket(null, now), 0);
        }
        ServerState[] servers = users.computeIfAbsent(key, k -> {
            ServerState[] s = new ServerState[options.webServers()];
            for (int i = 0; i < s.length; i++) {
                s[i] = new ServerState();
            }
            return s;
        });
        int server = affinity != null && affinity >= 0 && affinity < servers.length ? affinity : leastBusy(servers);
        ServerState state = servers[server];
        long window = options.window().toNanos();
        synchronized (state) {
            state.prune(now, window);
            if (now < state.blockedUntil) {
                state.blockedUntil += Duration.ofSeconds(1).toNanos();
                return refused(key, state.blockedBy, seconds(state.blockedUntil - now), server);
            }
            if (state.arrivals.size() >= options.requestsPerWindow()) {
                return penalty(key, state, Limit.REQUESTS, state.arrivals.peekFirst() + window - now, server);
            }
            long limit = options.executionSecondsPerWindow() * 1_000_000_000L;
            long used = state.executionNanos(now, window);
            if (used > limit) {
                // the window frees execution time at the rate the limit allows
                double perNano = (double) limit / window;
                return penalty(key, state, Limit.EXECUTION, (long) ((used - limit) / perNano) + 1_000_000_000L, server);
            }
            if (state.running.size() >= options.maxConcurrency()) {
                // "concurrency breaches fail immediately": no penalty, come back in a second
                return refused(key, Limit.CONCURRENCY, 1, server);
            }
            state.arrivals.addLast(now);
            state.running.add(now);
        }
        count(admitted, key);
        return new Admission(true, null, null, new Ticket(state, now), server);
    }

    private Admission penalty(String key, ServerState state, Limit limit, long waitNanos, int server) {
        state.blockedUntil = System.nanoTime() + waitNanos;
        state.blockedBy = limit;
        return refused(key, limit, seconds(waitNanos), server);
    }

    private Admission refused(String key, Limit limit, Integer retryAfter, int server) {
        count(throttled, key);
        return new Admission(false, limit, retryAfter, null, server);
    }

    private static void count(Map<String, AtomicLong> counts, String key) {
        counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    private int leastBusy(ServerState[] servers) {
        int n = servers.length;
        if (n == 1) {
            return 0;
        }
        int start = (int) (roundRobin.getAndIncrement() % n);
        int best = start;
        int fewest = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            int s = (start + i) % n;
            int running;
            synchronized (servers[s]) {
                running = servers[s].running.size();
            }
            if (running < fewest) {
                fewest = running;
                best = s;
            }
        }
        return best;
    }

    /**
     * What the sandbox's limits and cost model allow: the budget of one user, and each user's use of it so far.
     * The ceiling is the records per second one user can write with {@code UpsertMultiple} of 1,000 records (the
     * cheapest way per record) on every web server, bounded by the execution-time and the request limits.
     */
    public Map<String, Object> report() {
        Map<String, Object> r = new LinkedHashMap<>();
        double windowSeconds = options.window().toMillis() / 1000.0;
        r.put("windowSeconds", windowSeconds);
        r.put("requestsPerWindow", options.requestsPerWindow());
        r.put("executionSecondsPerWindow", options.executionSecondsPerWindow());
        r.put("maxConcurrency", options.maxConcurrency());
        r.put("webServers", options.webServers());
        r.put("dopHint", options.dopHint());
        r.put("costs", options.costs());
        double perRequestMs = options.costs().bulkRequestMs(1000);
        double byExecution = perRequestMs <= 0 ? Double.POSITIVE_INFINITY
                : options.executionSecondsPerWindow() / windowSeconds * 1000.0 / (perRequestMs / 1000.0);
        double byRequests = options.requestsPerWindow() / windowSeconds * 1000.0;
        double ceiling = options.webServers() * Math.min(byExecution, byRequests);
        r.put("ceilingRecordsPerSecond", Double.isInfinite(ceiling) ? null : ceiling);
        Map<String, Object> perUser = new LinkedHashMap<>();
        long now = System.nanoTime();
        long window = options.window().toNanos();
        java.util.Set<String> keys = new java.util.TreeSet<>(admitted.keySet());
        keys.addAll(throttled.keySet());
        for (String key : keys) {
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("admitted", admitted.getOrDefault(key, new AtomicLong()).get());
            u.put("throttled", throttled.getOrDefault(key, new AtomicLong()).get());
            ServerState[] servers = users.get(key);
            if (servers != null) {
                List<Map<String, Object>> each = new ArrayList<>();
                for (ServerState s : servers) {
                    synchronized (s) {
                        s.prune(now, window);
                        each.add(Map.of("requests", s.arrivals.size(), "executionSeconds",
                                s.executionNanos(now, window) / 1e9, "running", s.running.size()));
                    }
                }
                u.put("servers", each);
            }
            perUser.put(key, u);
        }
        r.put("users", perUser);
        return r;
    }

    /** Whether this applied write should lose its response. */
    public boolean dropAfterWrite() {
        return options.dropRate() > 0 && chance(options.dropRate());
    }

    /**
     * Whether this {@code $batch} is answered 500 as a whole without being run: the first of every
     * {@code batch-failure-every} batches, and others at {@code batch-failure-rate}.
     */
    public boolean failBatch() {
        long n = batches.incrementAndGet();
        int every = options.batchFailureEvery();
        if (every > 0 && (n - 1) % every == 0) {
            return true;
        }
        return options.batchFailureRate() > 0 && chance(options.batchFailureRate());
    }

    /** @return how long this response's body stalls after its headers, zero when it does not */
    public Duration stall() {
        return options.stallRate() > 0 && chance(options.stallRate()) ? options.stall() : Duration.ZERO;
    }

    private boolean chance(double p) {
        synchronized (random) {
            return random.nextDouble() < p;
        }
    }

    private static int seconds(long nanos) {
        return (int) Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }
}
