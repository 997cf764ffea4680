package org.ferry.runtime.internal.store;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Timers whose tasks use the store (claims, lease renewals, heartbeats, schedules, the plugin sync), stopped without
 * interrupting a task under way. An interrupted embedded Derby statement closes its connection ("Connection closed by
 * unknown interrupt"), which the pool then logs with its stack: at every stop that met a task in progress.
 */
public final class StoreTimers {
    private StoreTimers() {
    }

    /** @return a timer of daemon threads named {@code name} (and a number when more than one) */
    public static ScheduledExecutorService of(String name, int threads) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(threads, threads == 1
                ? Thread.ofPlatform().daemon().name(name).factory()
                : Thread.ofPlatform().daemon().name(name + "-", 0).factory());
        // at stop, what is waiting is dropped; only the task under way finishes
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        timer.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        return timer;
    }

    /**
     * Stops the timer and waits up to {@code wait} for the task under way; interrupts it only when it has not ended
     * by then (a statement stuck on a store out of reach).
     *
     * @return whether the timer ended without being interrupted
     */
    public static boolean stop(ScheduledExecutorService timer, Duration wait) {
        timer.shutdown();
        try {
            if (timer.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
        return false;
    }
}
