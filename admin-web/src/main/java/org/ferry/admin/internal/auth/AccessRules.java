package org.ferry.admin.internal.auth;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which role each route needs, decided on the route template Jersey matched ({@code /connections/{id}/test}),
 * never on the path as the client spelled it: matrix parameters, {@code ;jsessionid}, doubled or encoded
 * slashes and dot segments are all gone by the time a template has matched, so no spelling of a path can
 * reach a route under another route's rule (the Shiro CVE-2020-1957 class).
 *
 * <p>Deny by default for every method: a route that no rule names needs the admin role, so a route added
 * later is admin-only until a rule here says otherwise.
 * <ul>
 *   <li>public: {@code GET /health}, {@code POST /auth/token} (the login itself);</li>
 *   <li>viewer: the reads listed below (not users, not the audit log), and logging out;</li>
 *   <li>operator: start, cancel and re-run runs, validate and preview, and the reads that make the
 *       server call a configured system (entities, schemas, organization units, actions);</li>
 *   <li>admin: everything else.</li>
 * </ul>
 * {@code HEAD} and {@code OPTIONS} need what {@code GET} of the same route needs.
 */
public final class AccessRules {
    /** Route templates with every parameter written {@code {}}, by method, and the role each needs. */
    private static final Map<String, Role> RULES = new TreeMap<>();
    private static final List<String> PUBLIC = List.of("GET /health", "POST /auth/token");

    static {
        viewer("GET /openapi.json", "GET /connector-types", "GET /connector-types/{}", "GET /transforms",
                "GET /templates", "GET /plugins",
                "GET /connections", "GET /connections/{}",
                "GET /connection-sets", "GET /connection-sets/{}",
                "GET /projects", "GET /projects/{}", "GET /projects/export", "GET /projects/{}/export",
                "GET /projects/{}/tasks", "GET /projects/{}/tasks/{}", "GET /projects/{}/tasks/{}/legs/{}/key-map",
                "GET /projects/{}/schedule", "GET /projects/{}/notifications",
                "GET /projects/{}/runs", "GET /runs/{}", "GET /runs/{}/errors",
                "DELETE /auth/token",
                // routes DESIGN.md §4 announces that other branches build; a rule without its route is inert
                "GET /runs", "GET /runs/{}/errors/groups", "GET /events", "GET /metrics", "GET /cluster");
        operator("POST /projects/{}/validate", "POST /projects/{}/runs", "POST /projects/{}/tasks/{}/preview",
                "POST /runs/{}/cancel", "POST /runs/{}/rerun", "POST /runs/{}/retry-failed",
                // these open the connection and call the system it names: not for a read-only account
                "GET /connections/{}/entities", "GET /connections/{}/entities/{}", "GET /connections/{}/organizations",
                "GET /connections/{}/actions",
                // opens the connection; what its application users spent is for who runs projects
                "GET /connections/{}/budget");
    }

    private AccessRules() {
    }

    private static void viewer(String... routes) {
        Arrays.stream(routes).forEach(r -> RULES.put(r, Role.VIEWER));
    }

    private static void operator(String... routes) {
        Arrays.stream(routes).forEach(r -> RULES.put(r, Role.OPERATOR));
    }

    /**
     * @param template the route's segments below {@code /api}: literal segments as they are, parameters as
     *                 {@code {name}} (a template), or a concrete path's segments for the public routes, which
     *                 have no parameters
     */
    public static boolean isPublic(String method, List<String> template) {
        return PUBLIC.contains(key(effective(method), template));
    }

    /** @param template the matched route's segments below {@code /api}, parameters as {@code {name}} */
    public static Role required(String method, List<String> template) {
        if (isPublic(method, template)) {
            return Role.VIEWER;
        }
        return RULES.getOrDefault(key(effective(method), template), Role.ADMIN);
    }

    /** Every rule that grants less than admin, for tests and documentation: {@code "GET /runs/{}"} to role. */
    public static Map<String, Role> grants() {
        return Map.copyOf(RULES);
    }

    private static String effective(String method) {
        String m = method.toUpperCase(Locale.ROOT);
        return m.equals("HEAD") || m.equals("OPTIONS") ? "GET" : m;
    }

    private static String key(String method, List<String> template) {
        StringBuilder key = new StringBuilder(method).append(' ');
        if (template.isEmpty()) {
            key.append('/');
        }
        for (String segment : template) {
            key.append('/').append(segment.startsWith("{") && segment.endsWith("}") ? "{}" : segment);
        }
        return key.toString();
    }
}
