package org.ferry.runtime.management;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The key maps of legs that sync without business keys ({@link org.ferry.api.template.LegTemplate#keyMap()}):
 * which target record each source record was written to. Same error conventions as {@link ConnectionService}:
 * {@link NotFoundException} for an unknown project, task or leg, {@link org.ferry.api.error.ConfigurationException}
 * (field {@code leg}) for a leg matched by business key.
 */
@ProviderType
public interface KeyMapService {

    /**
     * @param leg      the leg's index in the task, from 0
     * @param sourceId only the entry of this source id, or {@code null} for all
     * @param offset   entries to skip
     * @param limit    at most this many entries (1 to 1,000)
     * @return entries ordered by source organization and source id
     */
    List<KeyMapEntry> entries(String projectId, String taskId, int leg, String sourceId, int offset, int limit);

    /**
     * Forgets entries, so the next run creates those records in the target anew: use it after records were
     * deleted or re-created in the target by hand. Refused while the project runs.
     *
     * @param sourceId the one entry to forget, or {@code null} for the leg's whole map
     * @return how many entries were forgotten
     * @throws ConflictException while the project runs
     */
    int forget(String projectId, String taskId, int leg, String sourceId, Actor actor);
}
