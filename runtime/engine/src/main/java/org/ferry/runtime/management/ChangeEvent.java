package org.ferry.runtime.management;

import java.time.Instant;

/**
 * Something an admin watching the console should see at once: a run queued, progressing or ended, a schedule set,
 * removed or fired, a plugin installed, started, stopped or removed.
 *
 * @param kind      {@value #RUN}, {@value #SCHEDULE} or {@value #PLUGIN}
 * @param action    what happened: {@code queued}, {@code started}, {@code progress}, {@code finished} (runs);
 *                  {@code set}, {@code removed}, {@code fired} (schedules); {@code changed} (plugins)
 * @param id        the run's id; the project's id for a schedule; the plugin's symbolic name
 * @param projectId the project concerned, or {@code null}
 * @param data      what the API answers for the subject now ({@link RunInfo}, {@link ScheduleInfo}), or {@code null};
 *                  never anything a viewer may not read (no secrets)
 * @param at        when
 * @since 1.3
 */
public record ChangeEvent(String kind, String action, String id, String projectId, Object data, Instant at) {
    public static final String RUN = "run";
    public static final String SCHEDULE = "schedule";
    public static final String PLUGIN = "plugin";
}
