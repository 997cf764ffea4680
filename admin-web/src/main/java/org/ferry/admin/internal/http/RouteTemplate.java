package org.ferry.admin.internal.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;

import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * The template of a route as its resource classes declare it ({@code projects/{projectId}/runs}), split into
 * segments. The OpenAPI document and the access rules both read routes this way, so what the document says a
 * route needs is what the filter demands.
 */
public final class RouteTemplate {
    private RouteTemplate() {
    }

    /** @return the template of the route Jersey matched for this request, as segments */
    public static List<String> matched(ContainerRequestContext request) {
        ResourceMethod method = ((ExtendedUriInfo) request.getUriInfo()).getMatchedResourceMethod();
        if (method == null) {
            throw new IllegalStateException("no resource method matched; this runs only after matching");
        }
        List<String> paths = new ArrayList<>();
        for (Resource r = method.getParent(); r != null; r = r.getParent()) {
            paths.add(r.getPath());
        }
        Collections.reverse(paths);
        return segments(String.join("/", paths));
    }

    /** @return the segments of a template such as {@code /projects/{projectId}/runs/} */
    public static List<String> segments(String template) {
        List<String> result = new ArrayList<>();
        for (String s : template.split("/")) {
            if (!s.isEmpty()) {
                result.add(s);
            }
        }
        return result;
    }

    /** @return the template with a leading slash: {@code /projects/{projectId}/runs} */
    public static String path(List<String> segments) {
        return "/" + String.join("/", segments);
    }
}
