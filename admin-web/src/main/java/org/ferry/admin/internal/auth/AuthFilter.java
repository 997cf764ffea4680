package org.ferry.admin.internal.auth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.ferry.admin.internal.http.RouteTemplate;
import org.ferry.runtime.management.UserInfo;
import org.ferry.runtime.management.UserService;

import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.PathSegment;

/**
 * Authentication of every request to {@code /api}, before Jersey matches a resource (so unknown paths answer
 * 401 to strangers, not 404): a bearer token or HTTP Basic credentials identify the user, whose current role
 * is read on each request, so a demotion or deletion takes effect at once. Only the two public routes pass
 * without credentials, and {@link AccessFilter} checks once the route has matched that the request really
 * reached one of them; it also decides the role.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class AuthFilter implements ContainerRequestFilter {
    private final Supplier<UserService> users;
    private final TokenStore tokens;
    private final LoginService logins;
    private final List<List<String>> routes;

    @Context
    private HttpServletRequest servletRequest;

    /** @param routes every route template of the API ({@link RouteTemplate#declared}) */
    public AuthFilter(Supplier<UserService> users, TokenStore tokens, LoginService logins, List<List<String>> routes) {
        this.routes = List.copyOf(routes);
        this.users = users;
        this.tokens = tokens;
        this.logins = logins;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String method = request.getMethod();
        List<String> path = segments(request.getUriInfo().getPathSegments(true));
        if (AccessRules.isPublic(method, path)) {
            return;
        }
        ApiUser user = authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        request.setSecurityContext(user.asSecurityContext(request.getSecurityContext().isSecure()));
        // An early refusal, so a user without the role hears 403 rather than Jersey's 405 or 415 about a route
        // they may not use at all: the strictest rule of every route this path could be. AccessFilter decides
        // again, exactly, on the route that matched.
        Role strictest = null;
        for (List<String> template : routes) {
            if (RouteTemplate.fits(template, path)) {
                Role r = AccessRules.required(method, template);
                strictest = strictest == null || r.allows(strictest) ? r : strictest;
            }
        }
        if (strictest != null && !user.role().allows(strictest)) {
            throw AccessFilter.forbidden(strictest, user);
        }
    }

    private ApiUser authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw LoginService.unauthorized("credentials are required: a bearer token from POST /api/auth/token, or HTTP Basic");
        }
        int space = authorization.indexOf(' ');
        String scheme = space < 0 ? authorization : authorization.substring(0, space);
        String value = space < 0 ? "" : authorization.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            String username = tokens.resolve(value).map(TokenStore.Session::username)
                    .orElseThrow(() -> LoginService.unauthorized("the token is unknown or has expired; log in again"));
            UserInfo current = users.get().get(username)
                    .orElseThrow(() -> LoginService.unauthorized("the token's user no longer exists"));
            return new ApiUser(current.username(), Role.of(current.role()), "Bearer");
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            String[] credentials = basic(value)
                    .orElseThrow(() -> LoginService.unauthorized("malformed Basic credentials"));
            UserInfo user = logins.login(credentials[0], credentials[1], clientAddress(), "basic");
            return new ApiUser(user.username(), Role.of(user.role()), "Basic");
        }
        throw LoginService.unauthorized("unsupported authorization scheme; use Bearer or Basic");
    }

    private String clientAddress() {
        try {
            return servletRequest == null ? "unknown" : servletRequest.getRemoteAddr();
        } catch (IllegalStateException e) {
            return "unknown";
        }
    }

    private static Optional<String[]> basic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty()
                    : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The path's segments as Jersey routes them: decoded, matrix parameters removed, empty segments dropped. */
    static List<String> segments(List<PathSegment> path) {
        List<String> segments = new ArrayList<>();
        for (PathSegment s : path) {
            if (!s.getPath().isEmpty()) {
                segments.add(s.getPath());
            }
        }
        return segments;
    }
}
