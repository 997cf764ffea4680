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
 * run keeps busy, the console's requests otherwise queue behind the run's threads: in the server benchmark on two
 * cores the admin API answered twice the requests per second with the run's threads at niceness 4 (4,620 and 4,742
 * against 2,177 and 2,315 in alternating pairs; the closed loop's p99 32 against 62–67 ms) while the run moved as
 * many records. A priority only orders threads that want the same core: on an idle machine a run gets every cycle.
 *
 * <p>The JVM leaves Java thread priorities out of Linux's scheduling unless started with
 * {@code -XX:ThreadPriorityPolicy=1}, which warns at every start of a non-root JVM. So a run thread lowers its own
 * niceness as it starts, with the system's {@code renice} on its task id ({@code /proc/thread-self}): a process may
 * always lower its own priority. Threads a run thread creates (its reader, its hash store) inherit the niceness. Where
 * there is no {@code /proc/thread-self} or no {@code renice}, runs keep the default priority (logged once).
 */
final class BackgroundPriority {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundPriority.class);
    /** Linux's weight for nice 4 is 423 against 1,024 for 0: a run yields about 70 % of a contended core. */
    static final int NICENESS = 4;
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");
    private static volatile boolean available = Files.isSymbolicLink(THREAD_SELF);

    private BackgroundPriority() {
    }

    /** @return a factory of platform threads named {@code prefix1, prefix2, …} that lower their priority first */
    static ThreadFactory threads(String prefix) {
        ThreadFactory platform = Thread.ofPlatform().priority(Thread.MIN_PRIORITY).name(prefix, 1).factory();
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

    private static void giveUp(String why) {
        if (available) {
            available = false;
            LOG.info("Runs keep the default scheduling priority: cannot lower it ({})", why);
        }
    }
}
