package org.ferry.admin.internal.auth;

import java.security.Principal;

import org.ferry.runtime.management.Actor;

import jakarta.ws.rs.core.SecurityContext;

/**
 * The authenticated caller of a request, as the filter resolved it.
 *
 * @param username the user's name
 * @param role     the user's role at the time of the request
 * @param scheme   {@code Bearer} or {@code Basic}
 */
public record ApiUser(String username, Role role, String scheme) implements Principal {
    @Override
    public String getName() {
        return username;
    }

    public Actor actor() {
        return new Actor(username, role.id());
    }

    /** The actor of a request; resources pass it to the services for the audit log. */
    public static Actor actor(SecurityContext security) {
        if (security == null || !(security.getUserPrincipal() instanceof ApiUser user)) {
            throw new IllegalStateException("request reached a resource without authentication");
        }
        return user.actor();
    }

    SecurityContext asSecurityContext(boolean secure) {
        ApiUser self = this;
        return new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return self;
            }

            @Override
            public boolean isUserInRole(String name) {
                try {
                    return role.allows(Role.of(name));
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return "Bearer".equals(scheme) ? "BEARER" : BASIC_AUTH;
            }
        };
    }
}
