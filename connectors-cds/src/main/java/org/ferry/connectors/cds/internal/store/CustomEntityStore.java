package org.ferry.connectors.cds.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ferry.api.data.EntitySchema;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.ValueType;
import org.ferry.connectors.cds.internal.schema.Catalogue;
import org.ferry.connectors.cds.internal.schema.EntityDefinition;

/**
 * Keeps custom entity schemas in {@code CDS.CUSTOM_ENTITY} and {@code CDS.CUSTOM_FIELD}, one row per field, so
 * they survive restarts without a serialization format of their own. Entities are loaded in creation order
 * because a custom entity may refer to one created before it.
 */
final class CustomEntityStore {
    private CustomEntityStore() {
    }

    /** Records the schema and creates its table, within the caller's transaction. */
    static void create(Connection c, org.ferry.store.Dialect dialect, EntityDefinition def) throws SQLException {
        EntitySchema s = def.schema();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO CDS.CUSTOM_ENTITY (NAME, LABEL, BUSINESS_KEY, "
                + "ORGANIZATION_FIELD, CREATED_ON) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, s.name());
            ps.setString(2, s.label());
            // Field names cannot hold commas, so a comma-joined list is unambiguous.
            ps.setString(3, String.join(",", s.businessKey()));
            ps.setString(4, s.organizationField());
            ValueCodec.bindInstant(ps, 5, Instant.now());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO CDS.CUSTOM_FIELD VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            int position = 0;
            for (FieldSchema f : s.fields()) {
                ps.setString(1, s.name());
                ps.setInt(2, position++);
                ps.setString(3, f.name());
                ps.setString(4, f.label());
                ps.setString(5, f.type().name());
                setInteger(ps, 6, f.maxLength());
                setInteger(ps, 7, f.scale());
                ps.setBoolean(8, f.required());
                ps.setBoolean(9, f.readOnly());
                ps.setString(10, f.lookup().isEmpty() ? null : f.lookup().get(0));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (Statement st = c.createStatement()) {
            for (String ddl : TableDdl.create(def, f -> true)) {
                SchemaMigrations.execute(st, dialect, ddl);
            }
        }
    }

    /** @return the catalogue with every custom entity added */
    static Catalogue load(Connection c, Catalogue builtIn) throws SQLException {
        Map<String, List<FieldSchema>> fields = new LinkedHashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT ENTITY, NAME, LABEL, TYPE, MAX_LENGTH, SCALE, REQUIRED, READ_ONLY, "
                     + "LOOKUP FROM CDS.CUSTOM_FIELD ORDER BY ENTITY, POSITION")) {
            while (rs.next()) {
                String lookup = rs.getString(9);
                fields.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new FieldSchema(rs.getString(2),
                        rs.getString(3), ValueType.valueOf(rs.getString(4)), integer(rs, 5), integer(rs, 6),
                        rs.getBoolean(7), rs.getBoolean(8), lookup == null ? List.of() : List.of(lookup)));
            }
        }
        Catalogue catalogue = builtIn;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT NAME, LABEL, BUSINESS_KEY, ORGANIZATION_FIELD "
                     + "FROM CDS.CUSTOM_ENTITY ORDER BY ORDINAL")) {
            while (rs.next()) {
                String name = rs.getString(1);
                List<String> key = Arrays.asList(rs.getString(3).split(","));
                EntitySchema schema = new EntitySchema(name, rs.getString(2), fields.getOrDefault(name, List.of()),
                        key, List.of(), key, rs.getString(4));
                catalogue = catalogue.with(EntityDefinition.of(schema, true, catalogue::get));
            }
        }
        return catalogue;
    }

    private static void setInteger(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    private static Integer integer(ResultSet rs, int index) throws SQLException {
        int v = rs.getInt(index);
        return rs.wasNull() ? null : v;
    }
}
