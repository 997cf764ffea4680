package org.ferry.admin.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The roles the key-map routes need, decided before any resource is matched. */
class AccessRulesTest {
    private static final List<String> KEY_MAP = List.of("projects", "p1", "tasks", "t1", "legs", "0", "key-map");

    @Test
    void everyoneSignedInMayReadAKeyMap() {
        Role required = AccessRules.required("GET", KEY_MAP);

        assertEquals(Role.VIEWER, required);
        assertTrue(Role.VIEWER.allows(required));
        assertFalse(AccessRules.isPublic("GET", KEY_MAP));
    }

    @Test
    void onlyAdminsMayForgetKeyMapEntries() {
        Role required = AccessRules.required("DELETE", KEY_MAP);

        assertEquals(Role.ADMIN, required);
        assertFalse(Role.OPERATOR.allows(required), "forgetting entries changes what the next run writes");
        assertFalse(Role.VIEWER.allows(required));
    }

    @Test
    void otherMethodsOnAKeyMapAreAdminOnly() {
        assertEquals(Role.ADMIN, AccessRules.required("POST", KEY_MAP));
        assertEquals(Role.ADMIN, AccessRules.required("PUT", KEY_MAP));
    }
}
