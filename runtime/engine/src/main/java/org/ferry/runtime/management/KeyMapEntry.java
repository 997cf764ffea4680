package org.ferry.runtime.management;

import java.time.Instant;

/**
 * One row of a leg's key map: a source record and the target record it was written to.
 *
 * @param sourceOrganization the organization unit the source record belongs to, or {@code null} if unscoped
 * @param sourceId           the record's id in the source system
 * @param targetId           the record's id in the target system
 * @param targetOrganization the organization unit it was written into, or {@code null} if unscoped
 * @param runId              the run that last wrote it
 * @param updatedAt          when it was last written
 */
public record KeyMapEntry(String sourceOrganization, String sourceId, String targetId, String targetOrganization,
                          String runId, Instant updatedAt) {
}
