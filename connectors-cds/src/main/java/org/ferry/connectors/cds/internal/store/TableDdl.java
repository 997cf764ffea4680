package org.ferry.connectors.cds.internal.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.ferry.api.data.FieldSchema;
import org.ferry.connectors.cds.internal.schema.EntityDefinition;

/**
 * The DDL of an entity table, derived from its definition. Three indexes: the unique business key
 * within the organization (upserts, deletes and lookup checks find rows by it), the change sequence
 * within the organization (every read pages along it) and the hub id (writes, deletes and lookups by id).
 * Required fields are not NOT NULL in SQL because "required" binds on create only; the writer checks it.
 */
final class TableDdl {
    /** The prefix of the hub id indexes' names (schema version 2). */
    static final String ID_INDEX = "_i_";

    private TableDdl() {
    }

    /** @return the statements creating the table with the fields that {@code include} accepts */
    static List<String> create(EntityDefinition def, Predicate<FieldSchema> include) {
        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(def.table()).append(" (")
                .append("\"_id\" BIGINT GENERATED ALWAYS AS IDENTITY, ")
                .append("\"_key\" VARCHAR(").append(def.keyTextLength()).append(") NOT NULL, ")
                .append("\"_seq\" BIGINT NOT NULL, ")
                .append("\"_modified\" TIMESTAMP NOT NULL");
        for (FieldSchema f : def.fields()) {
            if (include.test(f)) {
                sql.append(", ").append(EntityDefinition.column(f)).append(' ').append(def.sqlType(f));
                if (f == def.organizationField()) {
                    sql.append(" NOT NULL");
                }
            }
        }
        sql.append(')');
        String org = def.scoped() ? EntityDefinition.column(def.organizationField()) : null;
        List<String> ddl = new ArrayList<>();
        ddl.add(sql.toString());
        // Index names start with an underscore, which entity names cannot, so they never meet a table name.
        // The key leads its index: Derby probes an IN list only on a leading column, and every batch looks
        // its keys up with one "_key IN (...)" query.
        ddl.add("CREATE UNIQUE INDEX " + index(def, "_k_") + " ON " + def.table() + " (\"_key\""
                + (org == null ? "" : ", " + org) + ")");
        ddl.add("CREATE INDEX " + index(def, "_s_") + " ON " + def.table() + " ("
                + (org == null ? "" : org + ", ") + "\"_seq\")");
        ddl.add(idIndex(def.name()));
        return ddl;
    }

    /** @return the statement creating the unique index on the hub ids of an entity's table */
    static String idIndex(String entity) {
        return "CREATE UNIQUE INDEX " + index(entity, ID_INDEX) + " ON \"" + EntityDefinition.TABLE_SCHEMA + "\".\""
                + entity + "\" (\"_id\")";
    }

    static String addColumn(EntityDefinition def, FieldSchema f) {
        return "ALTER TABLE " + def.table() + " ADD COLUMN " + EntityDefinition.column(f) + ' ' + def.sqlType(f);
    }

    private static String index(EntityDefinition def, String prefix) {
        return index(def.name(), prefix);
    }

    private static String index(String entity, String prefix) {
        return "\"" + EntityDefinition.TABLE_SCHEMA + "\".\"" + prefix + entity + "\"";
    }
}
