package org.ferry.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Duration;

import com.sun.management.GarbageCollectionNotificationInfo;

import org.ferry.connectors.cds.internal.CdsConnectorFactory;
import org.ferry.runtime.testing.EngineHarness;
import org.ferry.runtime.management.RunInfo;

/**
 * The child JVM of the memory scenario (started with -Xmx256m): the two-leg run against a sandbox in yet
 * another JVM. Prints one {@code MEMORY} line: completed, heap used at its highest (sampled every 20 ms),
 * the sum of the heap pools' peaks (an upper bound: pools peak at different moments) and the highest heap
 * left after a full collection (the live set, what "memory stays flat" is about). The live set is measured by a
 * full collection asked for every {@value #LIVE_SET_EVERY_MS} ms while the run lasts, from GC notifications: the heap
 * left after any collection counted garbage the old generation had not yet been collected of, and read as the whole
 * heap in every run.
 */
public final class MemoryMain {
    private static final java.util.Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
            .collect(java.util.stream.Collectors.toSet());

    static final int LIVE_SET_EVERY_MS = 2000;

    private MemoryMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int n = Integer.parseInt(args[5]);
        long[] peak = {0};
        Thread sampler = Thread.ofPlatform().daemon().name("heap-sampler").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak[0] = Math.max(peak[0], ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long[] liveMax = {0};
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((javax.management.NotificationEmitter) gc).addNotificationListener((note, handback) -> {
                if (note.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                            (javax.management.openmbean.CompositeData) note.getUserData());
                    if (!"System.gc()".equals(info.getGcCause())) {
                        return; // young and mixed collections leave garbage in the old generation
                    }
                    long after = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                            .filter(e -> HEAP_POOLS.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
                    synchronized (liveMax) {
                        liveMax[0] = Math.max(liveMax[0], after);
                    }
                }
            }, null, null);
        }
        Thread fullCollections = Thread.ofPlatform().daemon().name("live-set").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(LIVE_SET_EVERY_MS);
                } catch (InterruptedException e) {
                    return;
                }
                System.gc();
            }
        });
        boolean completed = false;
        String status = "not started";
        long t0 = System.nanoTime();
        CdsConnectorFactory cds = new CdsConnectorFactory(dir.resolve("data"));
        try (EngineHarness engine = Projects.twoLegs(dir, cds, new Projects.Endpoints(args[1], args[2], args[3], args[4]),
                new TimedConnection.Clock(), new TimedConnection.Clock(), new TimedConnection.Clock())) {
            RunInfo run = engine.run(Projects.PROJECT, "incremental", Duration.ofHours(6));
            status = run.status() + (run.message() == null ? "" : ": " + run.message());
            completed = run.status() == org.ferry.runtime.management.RunStatus.COMPLETED
                    && run.tasks().get(0).legs().get(0).read() == n && run.tasks().get(0).legs().get(1).read() == n;
        } catch (OutOfMemoryError e) {
            status = "OutOfMemoryError: " + e.getMessage();
        } finally {
            cds.deactivate();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        sampler.interrupt();
        fullCollections.interrupt();
        long poolPeaks = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                poolPeaks += pool.getPeakUsage().getUsed();
            }
        }
        long gcCount = ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(g -> Math.max(0, g.getCollectionCount())).sum();
        long gcMillis = Machine.gcMillis();
        System.out.printf(java.util.Locale.ROOT, "MEMORY completed=%s peak=%d poolPeaks=%d liveAfterGcMax=%d max=%d "
                + "seconds=%.1f gcCount=%d gcMillis=%d status=%s%n", completed, peak[0], poolPeaks, liveMax[0],
                Runtime.getRuntime().maxMemory(), seconds, gcCount, gcMillis, status.replace('\n', ' '));
        System.exit(0);
    }
}
