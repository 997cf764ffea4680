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

    /** @return every route template the resource classes declare, as segments */
    public static List<List<String>> declared(List<Class<?>> resourceClasses) {
        List<List<String>> result = new ArrayList<>();
        for (Class<?> type : resourceClasses) {
            Resource resource = Resource.from(type);
            if (resource != null) {
                collect(resource, "", result);
            }
        }
        return result;
    }

    private static void collect(Resource resource, String parent, List<List<String>> into) {
        String path = parent + "/" + (resource.getPath() == null ? "" : resource.getPath());
        if (!resource.getResourceMethods().isEmpty()) {
            into.add(segments(path));
        }
        for (Resource child : resource.getChildResources()) {
            collect(child, path, into);
        }
    }

    /** @return whether a concrete path's segments fit a template's: literals equal, a parameter takes any one segment */
    public static boolean fits(List<String> template, List<String> path) {
        if (template.size() != path.size()) {
            return false;
        }
        for (int i = 0; i < template.size(); i++) {
            String t = template.get(i);
            if (!(t.startsWith("{") && t.endsWith("}")) && !t.equals(path.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** @return the template with a leading slash: {@code /projects/{projectId}/runs} */
    public static String path(List<String> segments) {
        return "/" + String.join("/", segments);
    }
}
