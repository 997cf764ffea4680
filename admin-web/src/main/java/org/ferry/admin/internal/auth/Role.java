package org.ferry.admin.internal.auth;

import java.util.Locale;

/** The roles, in increasing power: each may do what the ones before it may. */
public enum Role {
    VIEWER, OPERATOR, ADMIN;

    public static Role of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean allows(Role required) {
        return compareTo(required) >= 0;
    }
}
