package org.ferry.runtime.internal.run;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.ferry.api.connector.WriteOutcome;

/**
 * A leg's target calls made from a thread of their own, one at a time, so that the run thread reads, maps and looks
 * up the next batch while the target answers this one. Still one call at a time: a connector meets no more
 * concurrency than before, and a batch's answers are handled (counted, their hashes queued to be stored) on the run
 * thread, in order, when the next call is sent or the writer settles.
 *
 * <p>A batch that holds a key still in flight waits for that answer first ({@link #holdsAny}), so the same record is
 * never at the target twice at once and each batch's lookups see what the one before it wrote. A kill loses the
 * answers of the call in flight as well as the hashes not yet stored: the next run sends those records again, and
 * the target answers them unchanged.
 *
 * <p>Used by the leg's thread only.
 */
final class CallPipeline implements AutoCloseable {
    /** A call on its way, the keys it writes, and what its answers are for. */
    private record Call(Future<List<WriteOutcome>> answers, Set<String> keys, Consumer<List<WriteOutcome>> then,
                        List<Runnable> after) {
    }

    private final String name;
    private ExecutorService thread;
    private Call inFlight;

    /** @param name the leg's target entity, for the thread's name */
    CallPipeline(String name) {
        this.name = name;
    }

    /** @return whether one of these keys is at the target now */
    boolean holdsAny(Collection<String> keys) {
        if (inFlight == null) {
            return false;
        }
        for (String key : keys) {
            if (inFlight.keys().contains(key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Handles the answers of the call in flight, then sends this one.
     *
     * @param keys what the call writes
     * @param call the call, made on the pipeline's thread
     * @param then what the answers are for, run on the leg's thread before the next call is sent
     */
    void send(Set<String> keys, Supplier<List<WriteOutcome>> call, Consumer<List<WriteOutcome>> then) {
        finish();
        if (thread == null) {
            // made by the leg's thread, so it inherits the run's scheduling priority (BackgroundPriority)
            thread = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("ferry-write-" + name).factory());
        }
        inFlight = new Call(thread.submit(call::get), keys, then, new ArrayList<>());
    }

    /** Runs {@code step} once the call in flight has been answered and handled, or now if none is. */
    void afterAnswer(Runnable step) {
        if (inFlight == null) {
            step.run();
        } else {
            inFlight.after().add(step);
        }
    }

    /**
     * Waits for the call in flight and handles its answers.
     *
     * @throws WriteFailure (or the call's own failure) if the call failed
     */
    void finish() {
        Call call = inFlight;
        if (call == null) {
            return;
        }
        inFlight = null;
        call.then().accept(await(call.answers()));
        call.after().forEach(Runnable::run);
    }

    /** Finishes the call in flight and stops the thread. */
    @Override
    public void close() {
        try {
            finish();
        } finally {
            inFlight = null;
            if (thread != null) {
                thread.shutdown();
                thread = null;
            }
        }
    }

    private static <T> T await(Future<T> answers) {
        try {
            return answers.get();
        } catch (InterruptedException e) {
            answers.cancel(true);
            Thread.currentThread().interrupt();
            throw new WriteFailure("interrupted while the target answered a batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new WriteFailure("the target call failed: " + e.getCause(), e.getCause());
        }
    }
}
