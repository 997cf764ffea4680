package org.ferry.admin.internal.http;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.model.ResourceMethod;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;

/**
 * What a change may carry when its route declares no media type (the actions: start a run, cancel, re-run,
 * test, clear all data, save as template): a JSON body, or no body and no {@code Content-Type} at all. Jersey
 * would otherwise accept any type there, and {@code text/plain} and the form types are exactly what a
 * browser sends cross-site without asking (a CORS "simple request"), so refusing them takes that route away
 * from a forged request. Routes that declare their types ({@code @Consumes}) are checked by Jersey (415).
 */
@Priority(Priorities.HEADER_DECORATOR)
public class BodyTypeFilter implements ContainerRequestFilter {
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    @Override
    public void filter(ContainerRequestContext request) {
        if (READS.contains(request.getMethod())) {
            return;
        }
        ResourceMethod method = ((ExtendedUriInfo) request.getUriInfo()).getMatchedResourceMethod();
        List<MediaType> declared = method == null ? List.of() : method.getConsumedTypes();
        if (!declared.isEmpty() && declared.stream().noneMatch(MediaType::isWildcardType)) {
            return;
        }
        MediaType type = request.getMediaType();
        if (type == null ? !request.hasEntity() : isJson(type)) {
            return;
        }
        throw new ProblemException(415, "Unsupported Media Type", "send a JSON body as application/json, or no body"
                + " and no Content-Type" + (type == null ? "" : " (not " + type.getType() + "/" + type.getSubtype() + ")"),
                List.of());
    }

    private static boolean isJson(MediaType type) {
        return type.getType().equalsIgnoreCase("application")
                && (type.getSubtype().equalsIgnoreCase("json") || type.getSubtype().toLowerCase(Locale.ROOT).endsWith("+json"));
    }
}
