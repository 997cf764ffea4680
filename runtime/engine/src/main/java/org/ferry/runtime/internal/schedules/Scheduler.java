package org.ferry.runtime.internal.schedules;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.ferry.runtime.internal.store.StoreTimers;
import org.ferry.runtime.management.ConflictException;
import org.ferry.runtime.internal.run.RunManager;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires schedules. One thread looks every few seconds for schedules whose next slot has come and
 * starts their projects. A project still running is left due and fired once its run ended, so runs
 * never overlap; after downtime a schedule that missed many slots fires once, and its next slot is
 * the first one after now, not every slot it missed. Many schedules cost one thread and one query
 * per tick, whatever their number.
 *
 * <p>Every node of a cluster ticks; a slot fires once because firing it is one transaction that claims the
 * slot's row and queues the run ({@link ScheduleManager#fire}). The run is then claimed by whichever node has a
 * free run slot and the fewest runs, so scheduled load spreads.
 */
@Component(service = Scheduler.class, immediate = true)
public class Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    /** Framework property: milliseconds between looks at the schedules (default 5000). */
    static final String TICK = "ferry.scheduler.tickMillis";

    /** Where fired slots' runs go: the run manager. */
    interface RunQueue {
        /** @return the id of the node that fires */
        String node();

        /** Queues a scheduled run of the project in the caller's transaction; @return its id */
        String queue(java.sql.Connection c, String projectId) throws java.sql.SQLException;

        /** Lets nodes claim what was queued (after the firing transactions committed). */
        void queued();
    }

    private final ScheduleManager schedules;
    private final RunQueue runs;
    private final Clock clock;
    private final ScheduledExecutorService timer = StoreTimers.of("ferry-scheduler", 1);

    @Activate
    public Scheduler(@Reference ScheduleManager schedules, @Reference RunManager runs, BundleContext context) {
        this(schedules, new RunQueue() {
            @Override
            public String node() {
                return runs.node();
            }

            @Override
            public String queue(java.sql.Connection c, String projectId) throws java.sql.SQLException {
                return runs.queue(c, projectId, "incremental", "schedule").id();
            }

            @Override
            public void queued() {
                runs.claimWaiting();
            }
        }, Clock.systemUTC());
        long tick = parse(context.getProperty(TICK));
        timer.scheduleWithFixedDelay(this::safeTick, tick, tick, TimeUnit.MILLISECONDS);
    }

    Scheduler(ScheduleManager schedules, RunQueue runs, Clock clock) {
        this.schedules = schedules;
        this.runs = runs;
        this.clock = clock;
    }

    /** Starts every due project that is not running; returns how many it started. */
    int tick() {
        Instant now = clock.instant();
        int started = 0;
        for (String projectId : schedules.due(now)) {
            try {
                if (schedules.fire(projectId, now, runs.node(), c -> runs.queue(c, projectId)).isPresent()) {
                    started++;
                }
            } catch (ConflictException e) {
                LOG.debug("Project {} is still running; its schedule fires when the run ends", projectId);
            }
        }
        if (started > 0) {
            runs.queued();
        }
        return started;
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("Scheduler tick failed: {}", e.getMessage(), e);
        }
    }

    @Deactivate
    void stop() {
        StoreTimers.stop(timer, java.time.Duration.ofSeconds(30));
    }

    private static long parse(String value) {
        try {
            return value == null ? 5000 : Math.max(100, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return 5000;
        }
    }
}
