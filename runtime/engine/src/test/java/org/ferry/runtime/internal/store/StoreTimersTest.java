package org.ferry.runtime.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** A timer of store tasks stops without interrupting the task under way, and drops what waits. */
class StoreTimersTest {

    @Test
    void theTaskUnderWayFinishesUninterruptedAndNothingRunsAfterTheStop() throws Exception {
        ScheduledExecutorService timer = StoreTimers.of("test-timer", 1);
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean finished = new AtomicBoolean();
        AtomicInteger runs = new AtomicInteger();
        timer.scheduleWithFixedDelay(() -> {
            runs.incrementAndGet();
            started.countDown();
            try {
                Thread.sleep(300); // a statement under way
                finished.set(true);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        }, 0, 10, TimeUnit.MILLISECONDS);
        AtomicInteger delayed = new AtomicInteger();
        timer.schedule(delayed::incrementAndGet, 400, TimeUnit.MILLISECONDS);
        assertTrue(started.await(10, TimeUnit.SECONDS));

        assertTrue(StoreTimers.stop(timer, Duration.ofSeconds(10)));

        assertTrue(finished.get(), "the task under way ended on its own");
        assertFalse(interrupted.get());
        Thread.sleep(500);
        assertEquals(1, runs.get(), "no run after the stop");
        assertEquals(0, delayed.get(), "what waited was dropped");
    }

    @Test
    void aTaskStuckBeyondTheWaitIsInterrupted() throws Exception {
        ScheduledExecutorService timer = StoreTimers.of("test-timer", 2);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        timer.execute(() -> {
            started.countDown();
            try {
                Thread.sleep(60_000); // a statement on a store out of reach
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));

        assertFalse(StoreTimers.stop(timer, Duration.ofMillis(200)));

        assertTrue(interrupted.await(10, TimeUnit.SECONDS));
    }
}
