package org.ferry.admin.internal.events;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.ferry.admin.internal.auth.AccessRules;
import org.ferry.admin.internal.auth.ApiUser;
import org.ferry.admin.internal.auth.Role;
import org.ferry.runtime.management.ChangeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * One client's event stream, written by a thread of its own so the engine's threads only queue: a {@code ready}
 * event, then each change the user may see (decided as the route that reads it would decide: a run as
 * {@code GET /runs/{id}}, a schedule as {@code GET /projects/{id}/schedule}, a plugin as {@code GET /plugins}), a
 * comment every {@value #HEARTBEAT_SECONDS} s so proxies keep it open and a closed client is noticed, {@code resync}
 * when the client fell so far behind that events were dropped (it reloads what it shows), and {@code end} when the
 * credentials it was opened with no longer hold.
 */
final class EventStream implements Runnable {
    static final int HEARTBEAT_SECONDS = 15;
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    private static final int QUEUE = 1000;
    private static final Map<String, List<String>> READ_ROUTES = Map.of(
            ChangeEvent.RUN, List.of("runs", "{runId}"),
            ChangeEvent.SCHEDULE, List.of("projects", "{projectId}", "schedule"),
            ChangeEvent.PLUGIN, List.of("plugins"));

    private final SseEventSink sink;
    private final Sse sse;
    private final ApiUser user;
    private final Supplier<Optional<Role>> roleNow;
    private final ObjectMapper json;
    private final BlockingQueue<ChangeEvent> queue = new ArrayBlockingQueue<>(QUEUE);
    private volatile boolean dropped;
    private long sequence;

    /** @param roleNow the user's role as it is now, empty once the credentials no longer hold */
    EventStream(SseEventSink sink, Sse sse, ApiUser user, Supplier<Optional<Role>> roleNow, ObjectMapper json) {
        this.sink = sink;
        this.sse = sse;
        this.user = user;
        this.roleNow = roleNow;
        this.json = json;
    }

    /** Called on the engine's threads: queues, never blocks. */
    void offer(ChangeEvent event) {
        if (!queue.offer(event)) {
            dropped = true;
        }
    }

    /** @return whether a user of this role may see the event */
    static boolean visible(ChangeEvent event, Role role) {
        List<String> route = READ_ROUTES.get(event.kind());
        return route != null && role.allows(AccessRules.required("GET", route));
    }

    @Override
    public void run() {
        try (sink) {
            Role role = user.role();
            if (!send(sse.newEventBuilder().name("ready").reconnectDelay(3000)
                    .data(String.class, "{\"user\":" + json.writeValueAsString(user.username()) + "}").build())) {
                return;
            }
            while (!sink.isClosed()) {
                ChangeEvent event = queue.poll(HEARTBEAT_SECONDS, TimeUnit.SECONDS);
                // before every event and at every heartbeat: a logged-out token sees nothing more
                Optional<Role> now = roleNow.get();
                if (now.isEmpty()) {
                    send(sse.newEventBuilder().name("end").data(String.class,
                            "{\"reason\":\"the session ended; log in again\"}").build());
                    return;
                }
                role = now.get();
                if (dropped) {
                    dropped = false;
                    queue.clear();
                    if (!send(sse.newEventBuilder().name("resync").data(String.class, "{}").build())) {
                        return;
                    }
                    continue;
                }
                if (event == null) {
                    if (!send(sse.newEventBuilder().comment("keep-alive").build())) {
                        return;
                    }
                } else if (visible(event, role) && !send(sse.newEventBuilder().name(event.kind())
                        .id(Long.toString(++sequence)).data(String.class, json.writeValueAsString(event)).build())) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.debug("The event stream of {} ended: {}", user.username(), e.toString());
        }
    }

    /** @return whether the client took it; a closed connection makes the send fail */
    private boolean send(OutboundSseEvent event) throws InterruptedException {
        try {
            sink.send(event).toCompletableFuture().get(10, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }
}
