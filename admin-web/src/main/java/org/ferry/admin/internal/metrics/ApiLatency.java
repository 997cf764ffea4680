package org.ferry.admin.internal.metrics;

import java.util.List;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

/**
 * The admin API's latency for the operator's metrics ({@code ferry_http_server_requests_seconds}): each request
 * from the servlet's entry to its last byte written, by method, status and resource (the first path segment below
 * {@code /api}, so the label stays a short list whatever ids the paths carry).
 */
public final class ApiLatency {
    private static final List<String> RESOURCES = List.of("auth", "audit", "connection-sets", "connections",
            "connector-types", "health", "key-maps", "metrics", "openapi.json", "plugins", "projects", "runs",
            "templates", "transforms", "users");

    private ApiLatency() {
    }

    /** The timers by method, status and resource: a registry lookup per request cost as much as a small route. */
    private static final java.util.Map<String, Timer> TIMERS = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param pathInfo the path below {@code /api}, as the servlet sees it */
    public static void record(String method, int status, String pathInfo, long nanos) {
        String resource = resource(pathInfo);
        TIMERS.computeIfAbsent(method + ' ' + status + ' ' + resource, k -> Timer.builder("ferry.http.server.requests")
                        .description("admin API requests, entry to last byte")
                        .tags("method", method, "status", Integer.toString(status), "resource", resource)
                        .register(Metrics.globalRegistry))
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    static String resource(String pathInfo) {
        if (pathInfo == null || pathInfo.length() < 2) {
            return "root";
        }
        int end = pathInfo.indexOf('/', 1);
        String first = end < 0 ? pathInfo.substring(1) : pathInfo.substring(1, end);
        return RESOURCES.contains(first) ? first : "other";
    }
}
