package org.ferry.admin.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.ferry.admin.internal.http.RouteTemplate;
import org.junit.jupiter.api.Test;

/** The roles routes need, decided on the matched route's template; deny by default for every method. */
class AccessRulesTest {
    private static final List<String> KEY_MAP = RouteTemplate.segments("projects/{projectId}/tasks/{taskId}/legs/{leg}/key-map");

    @Test
    void everyoneSignedInMayReadAKeyMap() {
        Role required = AccessRules.required("GET", KEY_MAP);

        assertEquals(Role.VIEWER, required);
        assertFalse(AccessRules.isPublic("GET", KEY_MAP));
    }

    @Test
    void onlyAdminsMayForgetKeyMapEntries() {
        assertEquals(Role.ADMIN, AccessRules.required("DELETE", KEY_MAP));
        assertEquals(Role.ADMIN, AccessRules.required("POST", KEY_MAP));
        assertEquals(Role.ADMIN, AccessRules.required("PUT", KEY_MAP));
    }

    @Test
    void aReadNoRuleNamesNeedsTheAdminRole() {
        assertEquals(Role.ADMIN, AccessRules.required("GET", RouteTemplate.segments("users")));
        assertEquals(Role.ADMIN, AccessRules.required("GET", RouteTemplate.segments("audit")));
        assertEquals(Role.ADMIN, AccessRules.required("GET", RouteTemplate.segments("some/new/{route}")));
        assertEquals(Role.ADMIN, AccessRules.required("HEAD", RouteTemplate.segments("users/{username}")));
    }

    @Test
    void callsThatReachOutToASystemNeedTheOperatorRole() {
        for (String route : List.of("connections/{id}/entities", "connections/{id}/entities/{entity}",
                "connections/{id}/organizations", "connections/{id}/actions")) {
            assertEquals(Role.OPERATOR, AccessRules.required("GET", RouteTemplate.segments(route)), route);
        }
        assertEquals(Role.ADMIN, AccessRules.required("POST", RouteTemplate.segments("connections/{id}/test")));
        assertEquals(Role.ADMIN, AccessRules.required("POST", RouteTemplate.segments("connections/{id}/entities/refresh")));
    }

    @Test
    void parameterNamesDoNotMatterOnlyTheirPlaces() {
        assertEquals(AccessRules.required("POST", RouteTemplate.segments("runs/{runId}/cancel")),
                AccessRules.required("POST", RouteTemplate.segments("runs/{id}/cancel")));
        assertEquals(Role.OPERATOR, AccessRules.required("POST", RouteTemplate.segments("runs/{x}/cancel")));
    }

    @Test
    void onlyHealthAndTheLoginArePublic() {
        assertTrue(AccessRules.isPublic("GET", List.of("health")));
        assertTrue(AccessRules.isPublic("HEAD", List.of("health")));
        assertTrue(AccessRules.isPublic("POST", List.of("auth", "token")));
        assertFalse(AccessRules.isPublic("DELETE", List.of("auth", "token")));
        assertFalse(AccessRules.isPublic("POST", List.of("health")));
        assertFalse(AccessRules.isPublic("GET", List.of("health", "x")));
    }
}
