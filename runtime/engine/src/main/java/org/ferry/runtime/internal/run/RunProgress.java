package org.ferry.runtime.internal.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.ferry.runtime.management.RunLegInfo;
import org.ferry.runtime.management.RunTaskInfo;

/** The live counts of a run, updated by its legs and read by the API while it runs. */
final class RunProgress {

    /** The counts of one leg. */
    static final class Leg {
        final String source;
        final String target;
        volatile String status = "PENDING";
        final AtomicLong read = new AtomicLong();
        final AtomicLong inserted = new AtomicLong();
        final AtomicLong updated = new AtomicLong();
        final AtomicLong unchanged = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong deleted = new AtomicLong();
        /** What the source said the read would return, or {@code null} when it gave no count. */
        volatile Long total;
        /** Why the leg did what it did, where its counts do not say. */
        volatile String note;

        Leg(String source, String target) {
            this.source = source;
            this.target = target;
        }

        /** Takes the counts and state another node recorded for this leg. */
        void restore(RunLegInfo recorded) {
            status = recorded.status();
            read.set(recorded.read());
            inserted.set(recorded.inserted());
            updated.set(recorded.updated());
            unchanged.set(recorded.unchanged());
            skipped.set(recorded.skipped());
            failed.set(recorded.failed());
            deleted.set(recorded.deleted());
        }

        String label() {
            return source + " -> " + target;
        }

        long written() {
            return inserted.get() + updated.get() + deleted.get();
        }

        RunLegInfo snapshot() {
            return new RunLegInfo(source, target, status, read.get(), inserted.get(), updated.get(), unchanged.get(),
                    skipped.get(), failed.get(), deleted.get(), total, note);
        }
    }

    /** The legs of one task. */
    record Task(String name, List<Leg> legs) {
    }

    private final List<Task> tasks = new ArrayList<>();

    Task addTask(String name) {
        Task task = new Task(name, new ArrayList<>());
        tasks.add(task);
        return task;
    }

    List<Task> tasks() {
        return tasks;
    }

    long failed() {
        return tasks.stream().flatMap(t -> t.legs().stream()).mapToLong(l -> l.failed.get()).sum();
    }

    long written() {
        return tasks.stream().flatMap(t -> t.legs().stream()).mapToLong(Leg::written).sum();
    }

    long succeeded() {
        return tasks.stream().flatMap(t -> t.legs().stream())
                .mapToLong(l -> l.written() + l.unchanged.get()).sum();
    }

    List<RunTaskInfo> snapshot() {
        List<RunTaskInfo> result = new ArrayList<>();
        for (Task t : tasks) {
            result.add(new RunTaskInfo(t.name(), t.legs().stream().map(Leg::snapshot).toList()));
        }
        return result;
    }
}
