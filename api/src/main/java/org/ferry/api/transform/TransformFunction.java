package org.ferry.api.transform;

import org.ferry.api.data.Value;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A transform compiled with its parameters, applied to one value of each record.
 *
 * <p>Must be thread-safe and free of side effects: the engine may apply one compiled function to many
 * records concurrently and may apply it again to the same record (previews, retries).
 */
@ConsumerType
@FunctionalInterface
public interface TransformFunction {

    /**
     * @param value   the value so far in the chain (the source field's value, or the previous transform's
     *                result), or {@code null} when there is none
     * @param context the record and field being mapped
     * @return the new value, or {@code null} for "no value"
     * @throws org.ferry.api.error.RecordException when this record's value cannot be transformed; the record
     *         is kept in the run's errors and the run goes on. Any other exception is treated the same way.
     */
    Value apply(Value value, TransformContext context);
}
