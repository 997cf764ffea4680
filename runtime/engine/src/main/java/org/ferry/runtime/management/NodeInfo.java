package org.ferry.runtime.management;

import java.time.Instant;
import java.util.List;

/**
 * A member of the cluster: every node started on the same store.
 *
 * @param id         its name ({@code --node NAME}, by default host:port)
 * @param url        where its admin API and console answer
 * @param status     {@value #UP} while its heartbeat is current, {@value #LOST} once it missed the node timeout
 * @param startedAt  when its process started
 * @param lastSeenAt its last heartbeat, by the store's clock
 * @param runSlots   how many runs it runs at once at most
 * @param runs       the runs it holds (queued for it or running), oldest first
 */
public record NodeInfo(String id, String url, String status, Instant startedAt, Instant lastSeenAt, int runSlots,
                       List<String> runs) {
    public static final String UP = "UP";
    public static final String LOST = "LOST";
}
