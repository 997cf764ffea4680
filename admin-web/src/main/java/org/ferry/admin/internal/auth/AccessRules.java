package org.ferry.admin.internal.auth;

import java.util.List;
import java.util.Set;

/**
 * Which role a request needs, decided from its method and path alone, before any resource is matched:
 * deny by default, so a route added later is admin-only until a rule here says otherwise.
 * <ul>
 *   <li>public: {@code GET /health}, {@code POST /auth/token} (the login itself);</li>
 *   <li>admin: users and the audit log (both hold security information), and every change;</li>
 *   <li>operator: start, cancel and re-run runs, validate projects;</li>
 *   <li>viewer: every other read.</li>
 * </ul>
 */
public final class AccessRules {
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private AccessRules() {
    }

    /** @param segments the path below {@code /api}, split at '/' */
    public static boolean isPublic(String method, List<String> segments) {
        return (READS.contains(method) && !"OPTIONS".equals(method) && segments.equals(List.of("health")))
                || ("POST".equals(method) && segments.equals(List.of("auth", "token")));
    }

    public static Role required(String method, List<String> segments) {
        String root = segments.isEmpty() ? "" : segments.get(0);
        if (root.equals("users") || root.equals("audit")) {
            return Role.ADMIN;
        }
        if (READS.contains(method)) {
            return Role.VIEWER;
        }
        if ("DELETE".equals(method) && segments.equals(List.of("auth", "token"))) {
            return Role.VIEWER; // logging out
        }
        if ("POST".equals(method) && isOperation(segments)) {
            return Role.OPERATOR;
        }
        return Role.ADMIN;
    }

    private static boolean isOperation(List<String> s) {
        if (s.size() == 3 && s.get(0).equals("projects")) {
            return s.get(2).equals("runs") || s.get(2).equals("validate");
        }
        if (s.size() == 5 && s.get(0).equals("projects") && s.get(2).equals("tasks")) {
            return s.get(4).equals("preview");
        }
        return s.size() == 3 && s.get(0).equals("runs")
                && (s.get(2).equals("cancel") || s.get(2).equals("rerun") || s.get(2).equals("retry-failed"));
    }
}
