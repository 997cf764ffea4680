package org.ferry.runtime.internal.run;

import java.util.function.Supplier;

import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.ConnectorException;
import org.ferry.api.error.RetriableException;

/**
 * Calls a leg's target, and turns any failure into a {@link WriteFailure} naming the target.
 *
 * <p>The engine does not retry. A connector throws {@link RetriableException} only when its own bounded retries
 * are spent (the SPI says so), and the connector is the one place that can retry well: it sees each response's
 * {@code Retry-After} and pauses every request of the same credentials, it knows which requests may be sent
 * twice and which creates were lost, and it resends only the throttled parts of a batch instead of the whole
 * call. Retrying here as well multiplied the two bounds (10 transport attempts times 6 engine attempts: about
 * half an hour before one batch failed) and resent records the target had already taken. So a spent budget ends
 * the leg at once, with its last checkpoint, and the next run resumes there.
 */
final class TargetCalls {
    private final LegPlan plan;
    private final RunStop stop;

    TargetCalls(LegPlan plan, RunStop stop) {
        this.plan = plan;
        this.stop = stop;
    }

    /**
     * @throws org.ferry.runtime.internal.store.LeaseLostException before calling, if this node no longer holds the
     *         run's lease: another node may be writing the same records
     */
    <T> T call(String what, Supplier<T> call) {
        stop.requireLease();
        try {
            return call.get();
        } catch (RetriableException e) {
            throw new WriteFailure(plan.leg().targetRole() + " stayed unavailable while " + what + ": "
                    + LegRunner.message(e), e);
        } catch (ConnectorException | ConfigurationException e) {
            throw new WriteFailure(what + " " + target() + " failed: " + LegRunner.message(e), e);
        } catch (RuntimeException e) {
            throw new WriteFailure(what + " " + target() + " failed unexpectedly: " + LegRunner.message(e), e);
        }
    }

    /** Checks the connector kept its contract of one outcome per record. */
    void checkCount(int outcomes, int records) {
        if (outcomes != records) {
            throw new WriteFailure(plan.leg().targetRole() + " answered " + outcomes + " outcomes for "
                    + records + " records; the connector breaks its contract", null);
        }
    }

    private String target() {
        return plan.leg().targetRole() + ":" + plan.leg().targetEntity();
    }
}
