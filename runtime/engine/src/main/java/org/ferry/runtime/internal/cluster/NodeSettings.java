package org.ferry.runtime.internal.cluster;

import java.time.Duration;
import java.util.function.Function;

import org.ferry.store.NodeIdentity;

/**
 * Who this node is in the cluster and how it keeps its place: its id and address, the lease a run is held by
 * ({@code ferry.cluster.leaseSeconds}, 15 s), how often leases and the heartbeat are renewed
 * ({@code ferry.cluster.renewMillis}, a fifth of the lease), how often it looks for runs to claim
 * ({@code ferry.cluster.pollMillis}, 1 s), and how many runs it runs at once ({@code ferry.runs.slots}, 8). A
 * node that died has its runs taken over within lease + poll interval (16 s by default).
 */
public record NodeSettings(String id, String url, Duration lease, Duration renew, Duration poll, int runSlots) {
    public static final String NODE = NodeIdentity.NODE;
    public static final String URL = NodeIdentity.URL;
    public static final String LEASE = "ferry.cluster.leaseSeconds";
    public static final String RENEW = "ferry.cluster.renewMillis";
    public static final String POLL = "ferry.cluster.pollMillis";
    public static final String SLOTS = "ferry.runs.slots";

    public NodeSettings {
        if (id == null || id.isBlank() || id.length() > 100) {
            throw new IllegalArgumentException("a node's name must be 1 to 100 characters");
        }
    }

    /** The settings of a node alone on its store (tests, tools): short periods, so nothing waits long. */
    public static NodeSettings standalone() {
        return new NodeSettings("local", null, Duration.ofSeconds(15), Duration.ofSeconds(3), Duration.ofMillis(500), 8);
    }

    /** @param property a framework property by name ({@code BundleContext::getProperty}) */
    public static NodeSettings of(Function<String, String> property) {
        String id = NodeIdentity.name(property);
        String url = NodeIdentity.url(property);
        long lease = number(property.apply(LEASE), 15, 2, 3600);
        long renew = number(property.apply(RENEW), lease * 1000 / 5, 100, lease * 1000 / 2);
        long poll = number(property.apply(POLL), 1000, 50, 60_000);
        int slots = (int) number(property.apply(SLOTS), 8, 1, 1000);
        return new NodeSettings(id, url, Duration.ofSeconds(lease), Duration.ofMillis(renew),
                Duration.ofMillis(poll), slots);
    }

    private static long number(String value, long fallback, long min, long max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Math.max(min, Math.min(max, Long.parseLong(value.strip())));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
