package org.ferry.runtime.management;

import java.time.Instant;
import java.util.List;

/**
 * Whether the server can do its work.
 *
 * @param status    {@code UP} when every shipped bundle is active, {@code DEGRADED} otherwise; a broken plugin
 *                  in the deploy folder does not degrade the server (it shows in the plugin list)
 * @param startedAt when the framework started
 * @param bundles   how many bundles are installed
 * @param active    how many of them are active
 * @param problems  what is wrong, one line each; empty when UP
 */
public record HealthReport(String status, Instant startedAt, int bundles, int active, List<String> problems) {
}
