package org.ferry.admin.internal.auth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.ferry.admin.internal.http.ProblemException;
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

/**
 * Authentication and authorization of every request to {@code /api}, before Jersey matches a resource
 * (so unknown paths answer 401 to strangers, not 404, and nothing is reachable by a route that forgot
 * a check). A bearer token or HTTP Basic credentials identify the user; the user's current role is read
 * on each request, so a demotion or deletion takes effect at once; {@link AccessRules} decides.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class AuthFilter implements ContainerRequestFilter {
    private final Supplier<UserService> users;
    private final TokenStore tokens;
    private final LoginService logins;

    @Context
    private HttpServletRequest servletRequest;

    public AuthFilter(Supplier<UserService> users, TokenStore tokens, LoginService logins) {
        this.users = users;
        this.tokens = tokens;
        this.logins = logins;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String method = request.getMethod();
        List<String> segments = segments(request.getUriInfo().getPath(true));
        if (segments != null && AccessRules.isPublic(method, segments)) {
            return;
        }
        ApiUser user = authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (segments == null) {
            throw ProblemException.notFound("a resource at this path");
        }
        Role required = AccessRules.required(method, segments);
        if (!user.role().allows(required)) {
            throw new ProblemException(403, "Forbidden", "this needs the " + required.id() + " role; '"
                    + user.username() + "' is " + user.role().id(), List.of());
        }
        request.setSecurityContext(user.asSecurityContext(request.getSecurityContext().isSecure()));
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

    /**
     * The path's segments, or {@code null} for a path with empty, "." or ".." segments: such a path
     * could be read one way here and another by the router, so it is refused rather than interpreted.
     */
    static List<String> segments(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        List<String> segments = new ArrayList<>();
        if (p.isEmpty()) {
            return segments;
        }
        for (String s : p.split("/", -1)) {
            if (s.isEmpty() || s.equals(".") || s.equals("..")) {
                return null;
            }
            segments.add(s);
        }
        return segments;
    }
}
