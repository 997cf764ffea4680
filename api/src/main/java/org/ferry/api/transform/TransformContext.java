package org.ferry.api.transform;

import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.Value;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a compiled transform sees besides the value: the whole source record and the field being
 * written. Implemented by the engine; valid only during the {@link TransformFunction#apply} call.
 */
@ProviderType
public interface TransformContext {

    /** @return the record being mapped, as read from the source */
    EntityRecord source();

    /**
     * Reads another field of the source record, for transforms that combine fields.
     *
     * @param path a field name, or {@code lookup.field} through a related entity's integration key
     * @return the value, or {@code null} if absent
     */
    Value field(String path);

    /** @return the organization unit the record is written to, or {@code null} */
    String organization();
}
