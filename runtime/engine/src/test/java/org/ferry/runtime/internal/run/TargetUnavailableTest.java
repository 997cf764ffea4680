package org.ferry.runtime.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.ferry.runtime.management.RunInfo;
import org.ferry.runtime.management.RunStatus;
import org.junit.jupiter.api.Test;

/**
 * One retry layer: a connector that gave up after its own retries is not called again for the same batch. The
 * engine used to retry such a batch six more times, each waiting out the Retry-After, on top of the connector's own
 * ten attempts.
 */
class TargetUnavailableTest extends RunEngineFixture {
    @Test
    void aTargetWhoseRetriesAreSpentEndsTheLegAfterOneCall() throws Exception {
        ops.unavailable = true;
        project("p1", -1);
        RunInfo run = runs.await(runs.start("p1", "incremental", "manual", null, ADMIN).id(), Duration.ofSeconds(60));
        // the first leg (into the hub) was written, so the run is a WARNING, not an ERROR
        assertEquals(RunStatus.WARNING, run.status(), run.message());
        assertEquals(1, ops.upsertCalls.get(), "the engine did not resend the batch the connector gave up on");
        assertTrue(run.message().contains("operations stayed unavailable while writing"), run.message());
        assertEquals(0, ops.records("CustomersV3").size());

        ops.unavailable = false;
        assertEquals(RunStatus.COMPLETED, runs.await(runs.start("p1", "incremental", "manual", null, ADMIN).id(),
                Duration.ofSeconds(60)).status(), "the next run writes everything");
        assertEquals(ACCOUNTS, ops.records("CustomersV3").size());
    }
}
