package org.ferry.connectors.cds.internal.read;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.ReferenceValue;
import org.ferry.api.data.ValueType;
import org.ferry.connectors.cds.internal.schema.EntityDefinition;
import org.ferry.connectors.cds.internal.schema.KeyText;
import org.ferry.connectors.cds.internal.store.Environment;
import org.ferry.connectors.cds.internal.store.Sql;
import org.ferry.connectors.cds.internal.store.ValueCodec;

/**
 * Gives the lookups of a page of rows the related records' hub ids, so the engine can translate them through
 * key maps. Lookups are stored as the related record's key text, or by id when it had no business key
 * ({@link KeyText}); per lookup field and page, one query finds the ids of the keys and one the current keys
 * of the ids (a record written without a key may have been given one since). A key whose record is gone
 * reads as a reference by key without id; an id whose record is gone, as a reference by that id.
 */
final class LookupIds {
    private final Environment env;
    private final List<FieldSchema> selected;

    LookupIds(Environment env, List<FieldSchema> selected) {
        this.env = env;
        this.selected = selected;
    }

    /**
     * @param def  the entity read
     * @param org  the organization read ({@code ""} for unscoped entities)
     * @param rows the stored values of the selected fields, one array per row
     * @return for each selected reference field's position, its stored texts' values
     */
    Map<Integer, Map<String, ReferenceValue>> resolve(Connection c, EntityDefinition def, String org,
                                                      List<Object[]> rows) throws SQLException {
        Map<Integer, Map<String, ReferenceValue>> resolved = new HashMap<>();
        for (int f = 0; f < selected.size(); f++) {
            FieldSchema field = selected.get(f);
            if (field.type() != ValueType.REFERENCE) {
                continue;
            }
            Set<String> keys = new LinkedHashSet<>();
            Set<Long> ids = new LinkedHashSet<>();
            for (Object[] row : rows) {
                if (row[f] instanceof String stored) {
                    Long id = KeyText.referencedId(stored);
                    if (id == null) {
                        keys.add(stored);
                    } else {
                        ids.add(id);
                    }
                }
            }
            resolved.put(f, values(c, env.catalogue().get(def.target(field)), org, keys, ids));
        }
        return resolved;
    }

    private Map<String, ReferenceValue> values(Connection c, EntityDefinition target, String org, Set<String> keys,
                                               Set<Long> ids) throws SQLException {
        ValueCodec codec = env.codec();
        String table = target.table() + " WHERE "
                + (target.scoped() ? EntityDefinition.column(target.organizationField()) + " = ? AND " : "");
        List<Object> leading = target.scoped() ? List.of(org) : List.of();
        Map<String, ReferenceValue> values = new HashMap<>();
        for (String key : keys) {
            values.put(key, codec.reference(target.name(), key));
        }
        Sql.selectIn(c, "SELECT \"_key\", \"_id\" FROM " + table + "\"_key\" IN ", leading, new ArrayList<>(keys),
                rs -> {
                    String id = Long.toString(rs.getLong(2));
                    values.computeIfPresent(rs.getString(1), (k, v) -> v.withId(id));
                });
        for (Long id : ids) {
            values.put(KeyText.idReference(id), ReferenceValue.byId(target.name(), id.toString()));
        }
        Sql.selectIn(c, "SELECT \"_id\", \"_key\" FROM " + table + "\"_id\" IN ", leading, new ArrayList<>(ids), rs -> {
            String key = rs.getString(2);
            if (KeyText.isBusinessKey(key)) {
                values.put(KeyText.idReference(rs.getLong(1)),
                        codec.reference(target.name(), key).withId(Long.toString(rs.getLong(1))));
            }
        });
        return values;
    }
}
