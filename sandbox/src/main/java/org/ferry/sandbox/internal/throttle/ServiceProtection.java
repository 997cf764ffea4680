package org.ferry.sandbox.internal.throttle;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.ferry.sandbox.SandboxOptions;

/**
 * Service-protection limits per client (Dataverse evaluates them per user over a 300 s sliding
 * window, plus concurrent requests), and the injected faults tests ask for: random 429s, some
 * without Retry-After, connections dropped after a write was applied, bodies that stall after their
 * headers, and whole {@code $batch} requests answered 500 without being run.
 */
public final class ServiceProtection {
    /** Why a request was refused. */
    public enum Limit { REQUESTS, CONCURRENCY, INJECTED }

    /**
     * The decision on one request. When admitted, {@link #release()} must be called once the request
     * finished, to free its concurrency slot.
     *
     * @param retryAfter seconds for the Retry-After header, or null to send none
     */
    public record Admission(boolean admitted, Limit limit, Integer retryAfter, Runnable release) {
        public void close() {
            if (release != null) {
                release.run();
            }
        }
    }

    private final SandboxOptions options;
    private final Random random;
    private final Map<String, ClientState> clients = new ConcurrentHashMap<>();
    private final AtomicLong batches = new AtomicLong();

    public ServiceProtection(SandboxOptions options) {
        this.options = options;
        this.random = new Random(options.seed());
    }

    private static final class ClientState {
        final ArrayDeque<Long> arrivals = new ArrayDeque<>();
        final AtomicInteger inFlight = new AtomicInteger();
        long blockedUntil;
    }

    public Admission admit(String client) {
        long now = System.nanoTime();
        if (options.throttleRate() > 0 && chance(options.throttleRate())) {
            boolean withHeader = !chance(options.throttleWithoutRetryAfter());
            return new Admission(false, Limit.INJECTED, withHeader ? options.retryAfterSeconds() : null, null);
        }
        ClientState state = clients.computeIfAbsent(client, c -> new ClientState());
        synchronized (state) {
            long windowNanos = options.window().toNanos();
            while (!state.arrivals.isEmpty() && now - state.arrivals.peekFirst() >= windowNanos) {
                state.arrivals.removeFirst();
            }
            if (now < state.blockedUntil) {
                // Dataverse lets Retry-After grow while a client keeps pushing during the penalty.
                state.blockedUntil += Duration.ofSeconds(1).toNanos();
                return new Admission(false, Limit.REQUESTS, seconds(state.blockedUntil - now), null);
            }
            if (state.arrivals.size() >= options.requestsPerWindow()) {
                long wait = state.arrivals.peekFirst() + windowNanos - now;
                state.blockedUntil = now + wait;
                return new Admission(false, Limit.REQUESTS, seconds(wait), null);
            }
            if (state.inFlight.get() >= options.maxConcurrency()) {
                return new Admission(false, Limit.CONCURRENCY, 1, null);
            }
            state.arrivals.addLast(now);
            state.inFlight.incrementAndGet();
        }
        return new Admission(true, null, null, state.inFlight::decrementAndGet);
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
