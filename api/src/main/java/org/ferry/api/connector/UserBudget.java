package org.ferry.api.connector;

/**
 * The service-protection budget of one application user of a connection, as this server sees it: shared by every
 * connection, project and run that signs in as that user on the same environment.
 *
 * @param clientId        the application (client) id
 * @param maxInFlight     the most requests the user may have in flight now (the service's recommendation, capped by
 *                        the connection's setting)
 * @param inFlight        requests in flight now
 * @param recommended     the parallelism the service last recommended ({@code x-ms-dop-hint}), 0 if it gave none
 * @param requests        answers received since the server started
 * @param throttled       of which answered 429
 * @param pausedForMillis how long the user is still held back by a {@code Retry-After}, 0 if not
 * @since 1.3
 */
public record UserBudget(String clientId, int maxInFlight, int inFlight, int recommended, long requests, long throttled,
                         long pausedForMillis) {
}
