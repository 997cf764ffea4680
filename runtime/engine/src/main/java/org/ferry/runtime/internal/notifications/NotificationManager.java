package org.ferry.runtime.internal.notifications;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import org.ferry.api.error.ConfigurationException;
import org.ferry.runtime.internal.audit.AuditTrail;
import org.ferry.runtime.internal.connections.ConnectionOpener;
import org.ferry.runtime.internal.connections.UrlPolicy;
import org.ferry.runtime.internal.run.RunListener;
import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.internal.store.Jdbc;
import org.ferry.runtime.internal.store.StoreJson;
import org.ferry.runtime.management.Actor;
import org.ferry.runtime.management.NotFoundException;
import org.ferry.runtime.management.NotificationService;
import org.ferry.runtime.management.NotificationSettings;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.RunInfo;
import org.ferry.runtime.management.RunStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Project webhooks: stored per project, posted when a run ends in one of the chosen statuses. The body
 * is built from the run's outcome only (project, run, status, message, counts, a link to its errors),
 * so no configuration value, and no secret, can leak into it. The URL itself usually carries a token
 * (Teams, Slack and most hooks authenticate that way), so it is sealed at rest like a connection secret,
 * and it passes the server's egress policy when it is set and again, resolved, before each delivery.
 */
@Component(service = {NotificationService.class, RunListener.class})
public class NotificationManager implements NotificationService, RunListener {
    private final Database database;
    private final AuditTrail audit;
    private final UrlPolicy urls;
    private final WebhookSender sender;
    private final ExecutorService deliveries = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("ferry-webhooks").factory());

    @Activate
    public NotificationManager(@Reference Database database, @Reference AuditTrail audit, @Reference ConnectionOpener opener) {
        this(database, audit, opener.urlPolicy(), Duration.ofSeconds(2));
    }

    NotificationManager(Database database, AuditTrail audit, UrlPolicy urls, Duration firstRetryWait) {
        this.database = database;
        this.audit = audit;
        this.urls = urls;
        this.sender = new WebhookSender(firstRetryWait);
        sealPlainUrls();
    }

    /** URLs stored in plain text by versions before 4 of the store are sealed once, when the service starts. */
    private void sealPlainUrls() {
        Jdbc.inTransaction(database, c -> {
            Map<String, String> plain = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT project_id, url FROM notifications");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (isPlain(rs.getString(2))) {
                        plain.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE notifications SET url = ? WHERE project_id = ?")) {
                for (Map.Entry<String, String> e : plain.entrySet()) {
                    ps.setString(1, database.secrets().seal(e.getValue()));
                    ps.setString(2, e.getKey());
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /** Sealed values are base64, which has no ':'; every URL has one. */
    private static boolean isPlain(String stored) {
        return stored.contains(":");
    }

    private String open(String stored) {
        return isPlain(stored) ? stored : database.secrets().open(stored);
    }

    @Override
    public Optional<NotificationSettings> get(String projectId) {
        requireProject(projectId);
        return Jdbc.read(database, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT url, statuses, enabled FROM notifications WHERE project_id = ?")) {
                ps.setString(1, projectId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    List<RunStatus> statuses = Arrays.stream(rs.getString(2).split(",")).map(RunStatus::valueOf).toList();
                    return Optional.of(new NotificationSettings(open(rs.getString(1)), statuses, rs.getBoolean(3)));
                }
            }
        });
    }

    @Override
    public NotificationSettings put(String projectId, NotificationSettings settings, Actor actor) {
        requireProject(projectId);
        if (settings == null || settings.url() == null || settings.url().isBlank()) {
            throw new ConfigurationException("url", "is required");
        }
        urls.checkUrl(settings.url()).ifPresent(problem -> {
            throw new ConfigurationException("url", problem);
        });
        for (RunStatus s : settings.statuses()) {
            if (!s.finished()) {
                throw new ConfigurationException("statuses", s + " is not the status a run ends with");
            }
        }
        String statuses = settings.statuses().stream().map(Enum::name).collect(Collectors.joining(","));
        Jdbc.inTransaction(database, c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM notifications WHERE project_id = ?");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO notifications(project_id, url, statuses, enabled)"
                         + " VALUES (?, ?, ?, ?)")) {
                del.setString(1, projectId);
                del.executeUpdate();
                ins.setString(1, projectId);
                ins.setString(2, database.secrets().seal(settings.url().trim()));
                ins.setString(3, statuses);
                ins.setBoolean(4, settings.enabled());
                ins.executeUpdate();
            }
            audit.record(c, actor, "notifications.update", "project:" + projectId, "on " + statuses);
            return null;
        });
        return get(projectId).orElseThrow();
    }

    @Override
    public void delete(String projectId, Actor actor) {
        requireProject(projectId);
        Jdbc.inTransaction(database, c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM notifications WHERE project_id = ?")) {
                del.setString(1, projectId);
                del.executeUpdate();
            }
            audit.record(c, actor, "notifications.delete", "project:" + projectId, null);
            return null;
        });
    }

    @Override
    public void finished(ProjectInfo project, RunInfo run) {
        Optional<NotificationSettings> settings = get(project.id());
        if (settings.isEmpty() || !settings.get().enabled() || !settings.get().statuses().contains(run.status())) {
            return;
        }
        String url = settings.get().url();
        String body = StoreJson.write(payload(project, run));
        deliveries.execute(() -> {
            Optional<String> refused = urls.checkUrl(url).or(() -> urls.checkResolved(url));
            if (refused.isPresent()) {
                audit.record(Actor.SYSTEM, "notification.refused", "run:" + run.id(), "the webhook URL " + refused.get());
                return;
            }
            boolean delivered = sender.deliver(url, body, run.id());
            audit.record(Actor.SYSTEM, delivered ? "notification.sent" : "notification.failed", "run:" + run.id(),
                    run.status().name());
        });
    }

    static Map<String, Object> payload(ProjectInfo project, RunInfo run) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", "run.finished");
        body.put("project", Map.of("id", project.id(), "name", project.name()));
        body.put("run", Map.of("id", run.id(), "status", run.status().name(), "trigger", run.trigger(), "mode", run.mode(),
                "errors", "/api/runs/" + run.id() + "/errors"));
        body.put("startedAt", String.valueOf(run.startedAt()));
        body.put("endedAt", String.valueOf(run.endedAt()));
        body.put("message", run.message());
        body.put("tasks", run.tasks());
        return body;
    }

    private void requireProject(String projectId) {
        boolean exists = Jdbc.read(database, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM projects WHERE id = ?")) {
                ps.setString(1, projectId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
        if (!exists) {
            throw new NotFoundException("project " + projectId);
        }
    }

    @Deactivate
    void stop() {
        deliveries.shutdown();
    }
}
