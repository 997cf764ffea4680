package org.ferry.runtime.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.ferry.runtime.testing.EngineHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The live-runs gauge follows the run manager that registered it: a manager that closes (its component deactivated,
 * the engine bundle updated) takes its gauge away, so the next one's registration is not ignored as a duplicate and
 * the scraped figure is never the closed manager's.
 */
class RunMetricsLifecycleTest extends RunEngineFixture {
    private final SimpleMeterRegistry scraped = new SimpleMeterRegistry();

    @BeforeEach
    void scrape() {
        Metrics.globalRegistry.add(scraped);
    }

    @AfterEach
    void stopScraping() {
        Metrics.globalRegistry.remove(scraped);
    }

    @Test
    void aClosedManagerTakesItsLiveRunsGaugeAwayAndTheNextOneRegistersItsOwn() throws Exception {
        Gauge first = scraped.find("ferry.runs.live").gauge();
        assertEquals(0.0, first.value());

        runs.close();

        assertNull(Metrics.globalRegistry.find("ferry.runs.live").gauge(), "gone from the global registry");
        assertNull(scraped.find("ferry.runs.live").gauge(), "gone from the registry a scraper reads");

        try (EngineHarness next = EngineHarness.in(dir.resolve("next")).store(org.ferry.runtime.internal.TestStores::open)
                .start()) {
            Gauge second = scraped.find("ferry.runs.live").gauge();
            assertEquals(0.0, second.value());
            assertEquals(1, scraped.find("ferry.runs.live").gauges().size());
        }
    }
}
