package org.ferry.admin.internal.projects;

import java.net.URI;
import java.util.List;
import java.util.function.Supplier;

import org.ferry.admin.internal.auth.ApiUser;
import org.ferry.admin.internal.http.ApiDoc;
import org.ferry.admin.internal.http.ProblemException;
import org.ferry.runtime.management.ConnectionInfo;
import org.ferry.runtime.management.NotificationService;
import org.ferry.runtime.management.NotificationSettings;
import org.ferry.runtime.management.RunStatus;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/** A project's webhook: a JSON POST when a run ends WARNING or ERROR (or the statuses chosen). */
@Path("projects/{projectId}/notifications")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {

    /**
     * @param url      https (or http to loopback where the server allows it)
     * @param statuses run statuses that notify; absent = WARNING and ERROR
     * @param enabled  absent = true
     */
    public record NotificationRequest(String url, List<RunStatus> statuses, Boolean enabled) {
    }

    private final Supplier<NotificationService> notifications;

    public NotificationResource(Supplier<NotificationService> notifications) {
        this.notifications = notifications;
    }

    @GET
    @ApiDoc(summary = "The project's webhook (404 when it has none); the URL's path and query, which usually carry"
            + " its token, are shown to admins only", returns = NotificationSettings.class)
    public NotificationSettings get(@PathParam("projectId") String projectId, @Context SecurityContext security) {
        NotificationSettings settings = notifications.get().get(projectId)
                .orElseThrow(() -> ProblemException.notFound("a webhook of project '" + projectId + "'"));
        return security.isUserInRole("admin") ? settings
                : new NotificationSettings(masked(settings.url()), settings.statuses(), settings.enabled());
    }

    /** The URL's scheme and host, then the mask: enough to recognise the receiver, nothing to call it with. */
    static String masked(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "/"
                    + ConnectionInfo.MASK;
        } catch (IllegalArgumentException e) {
            return ConnectionInfo.MASK;
        }
    }

    @PUT
    @ApiDoc(summary = "Set the project's webhook", returns = NotificationSettings.class)
    public NotificationSettings put(@PathParam("projectId") String projectId, NotificationRequest body,
                                    @Context SecurityContext security) {
        if (body == null) {
            throw ProblemException.invalid("url", "is required");
        }
        return notifications.get().put(projectId, new NotificationSettings(body.url(), body.statuses(),
                !Boolean.FALSE.equals(body.enabled())), ApiUser.actor(security));
    }

    @DELETE
    @ApiDoc(summary = "Remove the project's webhook", status = 204)
    public Response delete(@PathParam("projectId") String projectId, @Context SecurityContext security) {
        notifications.get().delete(projectId, ApiUser.actor(security));
        return Response.noContent().build();
    }
}
