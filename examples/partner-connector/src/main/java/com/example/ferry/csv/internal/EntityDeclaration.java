package com.example.ferry.csv.internal;

import java.util.List;
import java.util.Optional;

import org.ferry.api.data.EntitySchema;
import org.ferry.api.data.FieldSchema;

/**
 * One entity of the connection's {@code entities} declaration: its business key and typed fields.
 * Immutable.
 *
 * @param name   the entity, which is also the file name without {@code .csv}
 * @param key    the business key fields, in key order; at least one, each a declared field
 * @param fields the declared fields, in the order new files get their columns
 */
record EntityDeclaration(String name, List<String> key, List<DeclaredField> fields) {
    EntityDeclaration {
        key = List.copyOf(key);
        fields = List.copyOf(fields);
    }

    Optional<DeclaredField> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }

    List<String> fieldNames() {
        return fields.stream().map(DeclaredField::name).toList();
    }

    EntitySchema schema() {
        List<FieldSchema> schemaFields = fields.stream().map(f -> f.schema(key.contains(f.name()))).toList();
        return new EntitySchema(name, name, schemaFields, key, List.of(), key, null);
    }
}
