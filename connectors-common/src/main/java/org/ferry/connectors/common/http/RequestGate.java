package org.ferry.connectors.common.http;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The admission control of one application user on one environment: a cap on requests in flight, and a pause for
 * every request of that user. It is the user's budget as this server sees it, shared by every connection, project
 * and run that signs in as the user ({@link Budgets}).
 *
 * <p>Dataverse and F&amp;O throttle per user, not per request: when one request is told to come back after
 * {@code Retry-After}, every other request of the same credentials would be refused too and would only
 * lengthen the penalty ("the duration is extended"). So a {@code Retry-After} pauses the whole user.
 *
 * <p>The cap follows Dataverse's {@code x-ms-dop-hint} when the connection leaves its concurrency to the service:
 * "If you send more parallel requests than the response header recommends, performance becomes worse".
 */
public final class RequestGate {
    /** A semaphore whose permits can be taken away as well as added, so the cap can follow the hint. */
    private static final class Permits extends Semaphore {
        private static final long serialVersionUID = 1L;

        Permits(int n) {
            super(n, true);
        }

        void shrink(int n) {
            reducePermits(n);
        }
    }

    private final Permits permits;
    private final AtomicLong pausedUntilNanos = new AtomicLong(System.nanoTime());
    private final int ceiling;
    private final boolean followHint;
    private int limit;
    private volatile int hint;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private volatile Instant lastThrottled;

    /** A gate with a fixed cap. */
    public RequestGate(int maxConcurrency) {
        this(maxConcurrency, maxConcurrency, false);
    }

    /**
     * @param initial    the cap until the service gives a hint
     * @param ceiling    the cap a hint may not exceed
     * @param followHint whether the cap follows {@code x-ms-dop-hint}
     */
    public RequestGate(int initial, int ceiling, boolean followHint) {
        this.permits = new Permits(initial);
        this.limit = initial;
        this.ceiling = ceiling;
        this.followHint = followHint;
    }

    /** The service recommended this degree of parallelism; the cap follows it when the connection lets it. */
    public void hinted(int recommended) {
        if (recommended < 1 || recommended == hint) {
            return;
        }
        hint = recommended;
        int target = Math.min(ceiling, recommended);
        if (followHint || target < limit) {
            setLimit(target);
        }
    }

    private synchronized void setLimit(int n) {
        if (n > limit) {
            permits.release(n - limit);
        } else if (n < limit) {
            permits.shrink(limit - n);
        }
        limit = n;
    }

    /** @return the most requests this user may have in flight now */
    public synchronized int limit() {
        return limit;
    }

    /** @return the slots free now (negative while the cap shrank below what is in flight) */
    public int available() {
        return permits.availablePermits();
    }

    /** Holds every request of this user back until {@code wait} from now (or longer if already paused). */
    public void pauseFor(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        pausedUntilNanos.accumulateAndGet(until, Math::max);
    }

    /** @return how long the user is still paused, zero if it is not */
    public Duration remainingPause() {
        return Duration.ofNanos(Math.max(0, pausedUntilNanos.get() - System.nanoTime()));
    }

    /** Counts an answer, for the budget's view. */
    void answered(int status) {
        sent.incrementAndGet();
        if (status == 429) {
            throttled.incrementAndGet();
            lastThrottled = Instant.now();
        }
    }

    /**
     * What the budget looks like now.
     *
     * @param limit     the cap on requests in flight
     * @param inFlight  requests in flight
     * @param hint      the service's last {@code x-ms-dop-hint}, 0 before any
     * @param sent      answers received since the server started
     * @param throttled of which 429
     * @param pausedFor how long the user is still paused for a Retry-After
     * @param lastThrottled when the last 429 came, or {@code null}
     */
    public record Snapshot(int limit, int inFlight, int hint, long sent, long throttled, Duration pausedFor,
                           Instant lastThrottled) {
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(limit, Math.max(0, limit - permits.availablePermits()), hint, sent.get(), throttled.get(),
                remainingPause(), lastThrottled);
    }

    /**
     * Waits until the user is not paused and a slot is free, but never past {@code deadline}. The pause is
     * checked again after the slot is won, since a throttling answer may have arrived while we queued for it.
     *
     * @return true when the slot is ours (then {@link #leave()} must follow); false, having waited for nothing,
     *         when the pause lasts past the deadline or no slot came free in time
     */
    public boolean enter(Deadline deadline) throws InterruptedException {
        if (!awaitUnpaused(deadline)) {
            return false;
        }
        if (!permits.tryAcquire(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        try {
            if (awaitUnpaused(deadline)) {
                return true;
            }
        } catch (InterruptedException e) {
            permits.release();
            throw e;
        }
        permits.release();
        return false;
    }

    public void leave() {
        permits.release();
    }

    /** @return false at once when the pause ends after the deadline: sleeping through it would be wasted */
    private boolean awaitUnpaused(Deadline deadline) throws InterruptedException {
        while (true) {
            Duration wait = remainingPause();
            if (wait.isZero()) {
                return true;
            }
            if (!deadline.allows(wait)) {
                return false;
            }
            Thread.sleep(wait);
        }
    }
}
