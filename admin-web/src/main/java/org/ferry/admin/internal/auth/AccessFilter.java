package org.ferry.admin.internal.auth;

import java.util.List;

import org.ferry.admin.internal.http.ProblemException;
import org.ferry.admin.internal.http.RouteTemplate;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;

/**
 * Authorization, once Jersey has matched the route: the role the route's template needs ({@link AccessRules})
 * against the role of the user {@link AuthFilter} authenticated. Deciding on the matched template rather than
 * on the request path means the rule applied is always the rule of the code that will run, however the path
 * was spelled. A request that passed authentication as public but matched another route is refused here.
 */
@Priority(Priorities.AUTHORIZATION)
public class AccessFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        String method = request.getMethod();
        List<String> template = RouteTemplate.matched(request);
        if (AccessRules.isPublic(method, template)) {
            return;
        }
        if (!(request.getSecurityContext().getUserPrincipal() instanceof ApiUser user)) {
            throw LoginService.unauthorized("credentials are required: a bearer token from POST /api/auth/token, or HTTP Basic");
        }
        Role required = AccessRules.required(method, template);
        if (!user.role().allows(required)) {
            throw forbidden(required, user);
        }
    }

    static ProblemException forbidden(Role required, ApiUser user) {
        return new ProblemException(403, "Forbidden", "this needs the " + required.id() + " role; '"
                + user.username() + "' is " + user.role().id(), List.of());
    }
}
