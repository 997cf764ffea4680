package org.ferry.runtime.internal.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs move records at a lower scheduling priority than the admin API answers requests. On a machine whose cores a
 * run keeps busy, the console's requests otherwise queue behind the run's threads. Measured with the server benchmark
 * on two cores ({@code --only server}, six alternating pairs): the closed loop answered 1,813–3,362 requests/s (p99
 * 38–66 ms) with the run at niceness 4 against 1,487–2,090 (p99 60–83 ms) without, more in every pair, and the paced
 * load's p99 had a median of 415 ms against 1,352; the run read a tenth fewer records while the load lasted. Niceness
 * 10 against 4, alternating pairs on another two-core machine: paced p99 18.1–26.1 ms (median 21) against
 * 22.8–29.4 (median 26), better in four of five pairs, the closed loop 6,120–11,220 requests/s against 4,251–8,703,
 * the run again a tenth slower while the load lasted. A priority only orders threads that want the same core: on an
 * idle machine a run gets every cycle.
 *
 * <p>The JVM leaves Java thread priorities out of Linux's scheduling unless started with
 * {@code -XX:ThreadPriorityPolicy=1}, which warns at every start of a non-root JVM. So a run thread lowers its own
 * niceness as it starts, with the system's {@code renice} on its task id ({@code /proc/thread-self}): a process may
 * always lower its own priority. Threads a run thread creates (its reader, its hash store) inherit the niceness.
 * Without {@code /proc/thread-self} (not Linux) runs keep the default priority; where {@code renice} is missing or
 * fails, too, which is logged once. The system property {@code ferry.runs.niceness} (0 to 19, default 10) sets the
 * niceness; 0 keeps runs at the API's.
 */
final class BackgroundPriority {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundPriority.class);
    static final String PROPERTY = "ferry.runs.niceness";
    /** Linux's weight for nice 10 is 110 against 1,024 for 0: a run yields about 90 % of a contended core. */
    static final int DEFAULT_NICENESS = 10;
    static final int NICENESS = configured(System.getProperty(PROPERTY));
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");
    private static volatile boolean available = NICENESS > 0 && Files.isSymbolicLink(THREAD_SELF);

    private BackgroundPriority() {
    }

    /** @return a factory of platform threads named {@code prefix1, prefix2, …} that lower their priority first */
    static ThreadFactory threads(String prefix) {
        int priority = NICENESS > 0 ? Thread.MIN_PRIORITY : Thread.NORM_PRIORITY; // as a JVM honouring priorities would
        ThreadFactory platform = Thread.ofPlatform().priority(priority).name(prefix, 1).factory();
        return task -> platform.newThread(() -> {
            lowerCurrentThread();
            task.run();
        });
    }

    /** Lowers the calling thread's niceness to {@link #NICENESS}, unless it is there or lower already. */
    static void lowerCurrentThread() {
        if (!available) {
            return;
        }
        try {
            String task = Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
            if (niceness(task) >= NICENESS) {
                return; // inherited from the thread that made this one
            }
            Process renice = new ProcessBuilder("renice", "-n", Integer.toString(NICENESS), "-p", task)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!renice.waitFor(5, TimeUnit.SECONDS)) {
                renice.destroyForcibly();
            } else if (renice.exitValue() != 0) {
                giveUp("renice exited with " + renice.exitValue());
            }
        } catch (IOException | RuntimeException e) {
            giveUp(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the niceness of one of this process's tasks (field 19 of its stat, after the command's parentheses) */
    static int niceness(String task) throws IOException {
        String stat = Files.readString(Path.of("/proc/self/task", task, "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]);
    }

    private static int configured(String value) {
        try {
            int n = value == null ? DEFAULT_NICENESS : Integer.parseInt(value.trim());
            if (n >= 0 && n <= 19) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warn("{} must be a niceness from 0 to 19, not '{}'; keeping {}", PROPERTY, value, DEFAULT_NICENESS);
        return DEFAULT_NICENESS;
    }

    private static void giveUp(String why) {
        if (available) {
            available = false;
            LOG.info("Runs keep the default scheduling priority: cannot lower it ({})", why);
        }
    }
}
