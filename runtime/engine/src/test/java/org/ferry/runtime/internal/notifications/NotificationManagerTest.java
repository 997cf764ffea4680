package org.ferry.runtime.internal.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.ferry.api.error.ConfigurationException;
import org.ferry.runtime.internal.EngineFixture;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.NotificationSettings;
import org.ferry.runtime.management.ProjectDraft;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.RunInfo;
import org.ferry.runtime.management.RunStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/** Webhooks to a real HTTP receiver on loopback. */
class NotificationManagerTest extends EngineFixture {
    private HttpServer receiver;
    private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final AtomicInteger failFirst = new AtomicInteger();
    private NotificationManager notifications;

    @BeforeEach
    void receiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = failFirst.getAndDecrement() > 0 ? 503 : 204;
            if (status == 204) {
                received.add(body);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        notifications = new NotificationManager(database, audit, new org.ferry.runtime.internal.connections.UrlPolicy(true, false), Duration.ofMillis(20));
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        notifications.stop();
    }

    private String hook() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private ProjectInfo project() {
        ConnectionSetInfo set = sets.create(new ConnectionSetInfo(null, "S" + System.nanoTime(), Map.of("cds",
                connection("C" + System.nanoTime(), "cds").id()), List.of(), Map.of(), null, null), ADMIN);
        return projects.create(new ProjectDraft("Notified " + System.nanoTime(), null, set.id(), null, true, null), ADMIN);
    }

    private static RunInfo run(ProjectInfo p, RunStatus status) {
        return new RunInfo("run-" + status, p.id(), status, "manual", "incremental", Instant.now(), Instant.now(),
                "2 record(s) failed", null, List.of());
    }

    @Test
    void aWarningIsPostedAndRetriedUntilTheReceiverTakesIt() throws Exception {
        ProjectInfo p = project();
        notifications.put(p.id(), new NotificationSettings(hook(), List.of(), true), ADMIN);
        failFirst.set(2);

        notifications.finished(p, run(p, RunStatus.WARNING));

        String body = received.poll(10, TimeUnit.SECONDS);
        assertTrue(body != null && body.contains("\"status\":\"WARNING\"") && body.contains(p.id()), body);
        assertTrue(body.contains("/api/runs/run-WARNING/errors"), body);
        assertFalse(body.contains("secret"), "no configuration travels in a notification");
    }

    @Test
    void completedRunsDoNotNotifyByDefault() throws Exception {
        ProjectInfo p = project();
        notifications.put(p.id(), new NotificationSettings(hook(), null, true), ADMIN);
        notifications.finished(p, run(p, RunStatus.COMPLETED));
        notifications.finished(p, run(p, RunStatus.ERROR));
        String body = received.poll(10, TimeUnit.SECONDS);
        assertTrue(body.contains("\"status\":\"ERROR\""), body);
        assertNull(received.poll(300, TimeUnit.MILLISECONDS), "nothing for the completed run");
    }

    @Test
    void onlyAllowedUrlsAreAccepted() {
        ProjectInfo p = project();
        ConfigurationException plainHttp = assertThrows(ConfigurationException.class, () ->
                notifications.put(p.id(), new NotificationSettings("http://hooks.example.com/x", null, true), ADMIN));
        assertEquals("url", plainHttp.problems().get(0).field());
        assertThrows(ConfigurationException.class, () ->
                notifications.put(p.id(), new NotificationSettings("file:///etc/passwd", null, true), ADMIN));
        assertEquals("https://hooks.example.com/x", notifications.put(p.id(),
                new NotificationSettings("https://hooks.example.com/x", null, true), ADMIN).url());
    }

    @Test
    void theUrlIsSealedAtRestAndTheEgressPolicyApplies() {
        ProjectInfo p = project();
        String token = "hook-token-" + System.nanoTime();
        notifications.put(p.id(), new NotificationSettings("https://hooks.example.com/services/" + token, null, true), ADMIN);
        assertEquals(List.of(), tablesContaining(token), "the URL's token is nowhere in the store in plain text");
        assertTrue(notifications.get(p.id()).orElseThrow().url().endsWith(token));
        for (String refused : List.of("https://169.254.169.254/latest/meta-data", "https://metadata.google.internal/x",
                "https://10.0.0.1/hook", "https://192.168.1.20/hook", "https://[fe80::1]/hook", "https://hooks.example.com:99999/x",
                "https://0.0.0.0/x")) {
            ConfigurationException e = assertThrows(ConfigurationException.class, () ->
                    notifications.put(p.id(), new NotificationSettings(refused, null, true), ADMIN), refused);
            assertEquals("url", e.problems().get(0).field());
        }
    }

    @Test
    void plainUrlsOfOlderStoresAreSealedWhenTheServiceStarts() {
        ProjectInfo p = project();
        String token = "legacy-token-" + System.nanoTime();
        execute("INSERT INTO notifications(project_id, url, statuses, enabled) VALUES (?, ?, 'WARNING,ERROR', true)",
                p.id(), "https://hooks.example.com/" + token);
        new NotificationManager(database, audit, new org.ferry.runtime.internal.connections.UrlPolicy(true, false),
                Duration.ofMillis(20));
        assertEquals(List.of(), tablesContaining(token));
        assertEquals("https://hooks.example.com/" + token, notifications.get(p.id()).orElseThrow().url());
    }
}
