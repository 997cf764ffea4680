package org.ferry.api.connector;

/**
 * What a connection supports, so the engine plans reads and writes without trial and error.
 *
 * @param changeTracking  how incremental reads work for this connection
 * @param readDeletes     whether incremental reads report deletions ({@code EntityRecord#deleted()})
 * @param writeDeletes    whether {@link Connection#delete} is supported
 * @param filterPushdown  whether {@link ReadRequest#filter()} is evaluated by the system; when {@code false},
 *                        the engine filters records itself
 * @param maxBatchSize    the most records one {@link Connection#upsert} call accepts (at least 1)
 * @param maxParallelism  the most concurrent calls the connection allows (at least 1)
 * @param writeById       whether {@link Connection#writeById} (and, with {@code writeDeletes},
 *                        {@link Connection#deleteById}) is supported, so the engine can sync entities without
 *                        business keys through a key map (since 1.1)
 */
public record Capabilities(ChangeTracking changeTracking, boolean readDeletes, boolean writeDeletes,
                           boolean filterPushdown, int maxBatchSize, int maxParallelism, boolean writeById) {
    public Capabilities {
        if (changeTracking == null) {
            changeTracking = ChangeTracking.NONE;
        }
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1");
        }
        if (maxParallelism < 1) {
            throw new IllegalArgumentException("maxParallelism must be at least 1");
        }
    }

    /** Capabilities without writes by id, as connections built against 1.0 declare them. */
    public Capabilities(ChangeTracking changeTracking, boolean readDeletes, boolean writeDeletes,
                        boolean filterPushdown, int maxBatchSize, int maxParallelism) {
        this(changeTracking, readDeletes, writeDeletes, filterPushdown, maxBatchSize, maxParallelism, false);
    }
}
