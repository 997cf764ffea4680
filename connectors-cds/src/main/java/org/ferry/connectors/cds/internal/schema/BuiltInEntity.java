package org.ferry.connectors.cds.internal.schema;

import java.util.Map;

import org.ferry.api.data.EntitySchema;

/** A built-in entity with the schema version it and each of its fields appeared in. */
public record BuiltInEntity(EntitySchema schema, int since, Map<String, Integer> fieldSince) {
    public BuiltInEntity {
        fieldSince = Map.copyOf(fieldSince);
    }
}
