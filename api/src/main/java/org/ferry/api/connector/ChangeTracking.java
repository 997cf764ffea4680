package org.ferry.api.connector;

/** How a connection can tell what changed since a previous read. */
public enum ChangeTracking {
    /**
     * It cannot: every read is a full read. The engine compares hashes of what it last wrote per business
     * key to skip unchanged records, and can detect deletions by key-set comparison when asked.
     */
    NONE,
    /** It keeps a modified-on watermark: reads since a checkpoint return records changed after it. */
    WATERMARK,
    /**
     * It has native change tracking (Dataverse delta links): reads since a checkpoint return changed
     * records and deletions.
     */
    DELTA
}
