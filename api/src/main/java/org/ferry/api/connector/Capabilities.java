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
 */
public record Capabilities(ChangeTracking changeTracking, boolean readDeletes, boolean writeDeletes,
                           boolean filterPushdown, int maxBatchSize, int maxParallelism) {
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
}
