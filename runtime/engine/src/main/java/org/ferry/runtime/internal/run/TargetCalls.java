package org.ferry.runtime.internal.run;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.ConnectorException;
import org.ferry.api.error.RetriableException;

/**
 * Calls a leg's target: passing failures are retried with backoff that honours the target's Retry-After,
 * anything else ends the leg with a {@link BatchWriter.WriteFailure} naming the target.
 */
final class TargetCalls {
    private static final int MAX_ATTEMPTS = 6;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final LegPlan plan;
    private final RunStop stop;

    TargetCalls(LegPlan plan, RunStop stop) {
        this.plan = plan;
        this.stop = stop;
    }

    <T> T call(String what, Supplier<T> call) {
        RetriableException last = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try {
                return call.get();
            } catch (RetriableException e) {
                last = e;
                if (stop.requested()) {
                    break;
                }
                int tries = attempt;
                sleep(e.retryAfter().orElseGet(() -> backoff(tries)));
            } catch (ConnectorException | ConfigurationException e) {
                throw new BatchWriter.WriteFailure(what + " " + target() + " failed: " + LegRunner.message(e), e);
            } catch (RuntimeException e) {
                throw new BatchWriter.WriteFailure(what + " " + target() + " failed unexpectedly: " + LegRunner.message(e), e);
            }
        }
        throw new BatchWriter.WriteFailure(plan.leg().targetRole() + " stayed unavailable while " + what + ": "
                + (last == null ? "stopped" : LegRunner.message(last)), last);
    }

    /** Checks the connector kept its contract of one outcome per record. */
    void checkCount(int outcomes, int records) {
        if (outcomes != records) {
            throw new BatchWriter.WriteFailure(plan.leg().targetRole() + " answered " + outcomes + " outcomes for "
                    + records + " records; the connector breaks its contract", null);
        }
    }

    private String target() {
        return plan.leg().targetRole() + ":" + plan.leg().targetEntity();
    }

    /** Full jitter: a random wait up to an exponentially growing cap. */
    private static Duration backoff(int attempt) {
        long capMillis = Math.min(MAX_BACKOFF.toMillis(), 500L << Math.min(attempt, 10));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(capMillis / 4, capMillis + 1));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BatchWriter.WriteFailure("interrupted while waiting to retry", e);
        }
    }
}
