package org.ferry.connectors.common.http;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The budget of each application user on each environment, one per (environment, client id) in this server: every
 * connection, project and run that signs in as the same user on the same environment shares it, as the service's
 * limits do. In-process; a cluster shares it by replacing this one class.
 */
public final class Budgets {
    private static final Map<String, RequestGate> GATES = new ConcurrentHashMap<>();

    private Budgets() {
    }

    /**
     * @return the budget of {@code clientId} on the environment at {@code baseUrl}, made with these settings the first
     *         time it is asked for
     */
    public static RequestGate of(URI baseUrl, String clientId, int initial, int ceiling, boolean followHint) {
        return GATES.computeIfAbsent(key(baseUrl, clientId), k -> new RequestGate(initial, ceiling, followHint));
    }

    /** A user's budget, for the API. */
    public record Entry(String clientId, RequestGate.Snapshot snapshot) {
    }

    /** @return the budgets of these users on the environment, those not used yet included (empty) */
    public static List<Entry> of(URI baseUrl, List<String> clientIds) {
        return clientIds.stream().map(id -> {
            RequestGate g = GATES.get(key(baseUrl, id));
            return new Entry(id, g == null ? new RequestGate.Snapshot(0, 0, 0, 0, 0, java.time.Duration.ZERO, null)
                    : g.snapshot());
        }).toList();
    }

    /** @return the budgets of a session's users, as the SPI shows them */
    public static List<org.ferry.api.connector.UserBudget> of(ServiceSession session) {
        return of(session.config().baseUrl(), session.clientIds()).stream().map(e -> new org.ferry.api.connector.UserBudget(
                e.clientId(), e.snapshot().limit(), e.snapshot().inFlight(), e.snapshot().hint(), e.snapshot().sent(),
                e.snapshot().throttled(), e.snapshot().pausedFor().toMillis())).toList();
    }

    private static String key(URI baseUrl, String clientId) {
        return baseUrl.toString().toLowerCase(Locale.ROOT).replaceAll("/+$", "") + " " + clientId;
    }
}
