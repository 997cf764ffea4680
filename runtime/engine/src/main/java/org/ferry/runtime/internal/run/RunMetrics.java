package org.ferry.runtime.internal.run;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;

import org.ferry.runtime.management.RunStatus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

/**
 * A run's figures for the operator's metrics, in Micrometer's global registry: records per leg and outcome as the
 * run's progress is saved (so a long run can be watched), and at the end the run by project and status with its
 * duration. Without a registry joined (tests, benchmarks) every call is a no-op.
 */
final class RunMetrics {
    private static final String[] OUTCOMES = {"read", "inserted", "updated", "unchanged", "skipped", "failed", "deleted"};

    private final String project;
    /** Per leg, the counts already published, in {@link #OUTCOMES} order. */
    private final Map<RunProgress.Leg, long[]> published = new IdentityHashMap<>();

    RunMetrics(String project) {
        this.project = project;
    }

    /** Adds what each leg did since the last call. */
    void progress(RunProgress progress) {
        for (RunProgress.Task task : progress.tasks()) {
            for (RunProgress.Leg leg : task.legs()) {
                long[] now = {leg.read.get(), leg.inserted.get(), leg.updated.get(), leg.unchanged.get(),
                        leg.skipped.get(), leg.failed.get(), leg.deleted.get()};
                long[] before = published.computeIfAbsent(leg, l -> new long[OUTCOMES.length]);
                for (int i = 0; i < OUTCOMES.length; i++) {
                    if (now[i] > before[i]) {
                        Counter.builder("ferry.records").description("records a leg read, and what became of them")
                                .tags("project", project, "task", task.name(), "leg", leg.label(), "outcome", OUTCOMES[i])
                                .register(Metrics.globalRegistry).increment(now[i] - before[i]);
                        before[i] = now[i];
                    }
                }
            }
        }
    }

    void finished(RunProgress progress, RunStatus status, Duration took) {
        progress(progress);
        Counter.builder("ferry.runs").description("runs that ended, by project and status")
                .tags("project", project, "status", status.name()).register(Metrics.globalRegistry).increment();
        Timer.builder("ferry.run.duration").description("how long runs took, start to end")
                .tags("project", project, "status", status.name()).register(Metrics.globalRegistry).record(took);
    }
}
