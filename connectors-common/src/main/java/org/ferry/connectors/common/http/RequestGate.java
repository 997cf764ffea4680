package org.ferry.connectors.common.http;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The admission control of one connection: a cap on requests in flight, and a connection-wide pause.
 *
 * <p>Dataverse and F&amp;O throttle per user, not per request: when one request is told to come back after
 * {@code Retry-After}, every other request of the same credentials would be refused too and would only
 * lengthen the penalty ("the duration is extended"). So a {@code Retry-After} pauses the whole connection.
 */
public final class RequestGate {
    private final Semaphore permits;
    private final AtomicLong pausedUntilNanos = new AtomicLong(System.nanoTime());

    public RequestGate(int maxConcurrency) {
        this.permits = new Semaphore(maxConcurrency, true);
    }

    /** Holds every request of this connection back until {@code wait} from now (or longer if already paused). */
    public void pauseFor(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        pausedUntilNanos.accumulateAndGet(until, Math::max);
    }

    /** @return how long the connection is still paused, zero if it is not */
    public Duration remainingPause() {
        return Duration.ofNanos(Math.max(0, pausedUntilNanos.get() - System.nanoTime()));
    }

    /**
     * Waits until the connection is not paused and a slot is free, but never past {@code deadline}. The pause is
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
