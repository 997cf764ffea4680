package org.ferry.runtime.management;

import java.time.Instant;
import java.util.List;

/**
 * Whether the server can do its work.
 *
 * @param status    {@code STARTING} while the store is still opening (nothing that keeps state answers yet),
 *                  then {@code UP} when every shipped bundle is active, {@code DEGRADED} otherwise; a broken plugin
 *                  in the deploy folder does not degrade the server, but it is listed among the problems
 * @param startedAt when the framework started
 * @param bundles   how many bundles are installed
 * @param active    how many of them are active
 * @param problems  what is wrong, one line each: built-in bundles that are not active, and plugins that are
 *                  not working (unresolved, failed, stuck, refused, invalid)
 * @param instance  the id of this server process (the launcher's {@code ferry.instance}, otherwise one chosen at
 *                  start): a script that started a server compares it with the id the launcher gave, so another
 *                  server answering on the same port is never taken for its own
 */
public record HealthReport(String status, Instant startedAt, int bundles, int active, List<String> problems,
                           String instance) {

    /** A report that names no instance. */
    public HealthReport(String status, Instant startedAt, int bundles, int active, List<String> problems) {
        this(status, startedAt, bundles, active, problems, null);
    }
}
