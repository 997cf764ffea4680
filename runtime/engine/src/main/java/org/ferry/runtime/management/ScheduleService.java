package org.ferry.runtime.management;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** One schedule per project. */
@ProviderType
public interface ScheduleService {
    Optional<ScheduleInfo> get(String projectId);

    ScheduleInfo put(String projectId, ScheduleInfo schedule, Actor actor);

    void delete(String projectId, Actor actor);
}
