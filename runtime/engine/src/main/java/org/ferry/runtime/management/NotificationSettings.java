package org.ferry.runtime.management;

import java.util.List;

/**
 * Where a project's run outcomes are announced: a webhook that receives a JSON POST when a run ends in
 * one of the statuses (by default WARNING and ERROR, as the Data Integrator's e-mail notifications).
 * The payload names the project, the run, its status, counts and message; never configuration or secrets.
 *
 * @param url      an https URL (or http to loopback when the server allows insecure loopback)
 * @param statuses the run statuses that notify; empty means WARNING and ERROR
 * @param enabled  whether it fires
 */
public record NotificationSettings(String url, List<RunStatus> statuses, boolean enabled) {
    public NotificationSettings {
        statuses = statuses == null || statuses.isEmpty() ? List.of(RunStatus.WARNING, RunStatus.ERROR) : List.copyOf(statuses);
    }
}
