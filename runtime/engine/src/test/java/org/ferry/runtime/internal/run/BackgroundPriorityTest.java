package org.ferry.runtime.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** On Linux (where Ferry's builds run): a run's thread and the threads it makes run below the API's priority. */
class BackgroundPriorityTest {
    @Test
    void aRunThreadAndTheThreadsItMakesRunAtTheLowerPriority() throws Exception {
        int here = BackgroundPriority.niceness(task());
        CompletableFuture<int[]> seen = new CompletableFuture<>();
        Thread run = BackgroundPriority.threads("test-run-").newThread(() -> {
            try {
                int own = BackgroundPriority.niceness(task());
                CompletableFuture<Integer> child = new CompletableFuture<>();
                Thread reader = new Thread(() -> {
                    try {
                        child.complete(BackgroundPriority.niceness(task()));
                    } catch (Exception e) {
                        child.completeExceptionally(e);
                    }
                });
                reader.start();
                seen.complete(new int[] {own, child.get(10, TimeUnit.SECONDS), Thread.currentThread().getPriority()});
            } catch (Exception e) {
                seen.completeExceptionally(e);
            }
        });
        run.start();
        int[] niceness = seen.get(30, TimeUnit.SECONDS);
        int expected = Math.max(BackgroundPriority.NICENESS, here);
        assertEquals(expected, niceness[0], "the run thread's niceness (this thread's is " + here + ")");
        assertEquals(expected, niceness[1], "inherited by a thread the run thread made");
        assertEquals(BackgroundPriority.NICENESS > 0 ? Thread.MIN_PRIORITY : Thread.NORM_PRIORITY, niceness[2]);
        assertEquals(here, BackgroundPriority.niceness(task()), "the caller's own priority is untouched");
    }

    private static String task() throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
    }
}
