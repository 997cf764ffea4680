package org.ferry.admin.internal.events;

import java.util.function.Supplier;

import org.ferry.admin.internal.auth.ApiUser;
import org.ferry.admin.internal.auth.LiveCredentials;
import org.ferry.admin.internal.http.ApiDoc;
import org.ferry.runtime.management.ChangeFeed;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * {@code GET /api/events}: the server's changes pushed as server-sent events, so the console's history, project
 * list and run pages update without polling. Authenticated like every route; each client sees only what its role
 * may read, and the stream ends when its credentials no longer hold ({@link EventStream}).
 */
@Path("events")
public class EventResource {
    private final Supplier<ChangeFeed> feed;
    private final LiveCredentials credentials;
    private final ObjectMapper json;

    public EventResource(Supplier<ChangeFeed> feed, LiveCredentials credentials, ObjectMapper json) {
        this.feed = feed;
        this.credentials = credentials;
        this.json = json;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @ApiDoc(summary = "Server-sent events: 'ready', then 'run' (queued, started, progress, finished, with the run),"
            + " 'schedule' (set, removed, fired) and 'plugin' (changed) as they happen, filtered by what the caller's"
            + " role may read; a comment every 15 s; 'resync' when events were dropped for a slow client; 'end' when the"
            + " session ends")
    public void events(@Context SseEventSink sink, @Context Sse sse, @Context SecurityContext security,
                       @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        ChangeFeed changes = feed.get();
        if (!(security.getUserPrincipal() instanceof ApiUser user)) {
            throw new IllegalStateException("request reached a resource without authentication");
        }
        EventStream stream = new EventStream(sink, sse, user, () -> credentials.roleNow(user, authorization), json);
        AutoCloseable subscription = changes.subscribe(stream::offer);
        Thread.ofVirtual().name("ferry-events-" + user.username()).start(() -> {
            try {
                stream.run();
            } finally {
                try {
                    subscription.close();
                } catch (Exception e) {
                    // a bus that is gone has no listeners to remove
                }
            }
        });
    }
}
