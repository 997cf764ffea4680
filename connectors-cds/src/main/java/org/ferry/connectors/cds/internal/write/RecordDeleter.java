package org.ferry.connectors.cds.internal.write;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.error.ConnectorException;
import org.ferry.api.error.RecordException;
import org.ferry.connectors.cds.internal.schema.EntityDefinition;
import org.ferry.connectors.cds.internal.store.Environment;
import org.ferry.connectors.cds.internal.store.Sql;

/**
 * Deletes records by business key and leaves a tombstone for each, in one transaction. A key that does not
 * exist counts as deleted. An organization that still holds records is not deleted: its records would be
 * left in no organization at all.
 */
public final class RecordDeleter {
    private final Environment env;
    private final EntityDefinition def;
    private final RecordConverter converter;

    public RecordDeleter(Environment env, EntityDefinition def) {
        this.env = env;
        this.def = def;
        this.converter = new RecordConverter(def, env.codec());
    }

    /** @param scope the organization, required for organization-scoped entities */
    public List<WriteOutcome> delete(String scope, List<BusinessKey> keys) {
        WriteOutcome[] outcomes = new WriteOutcome[keys.size()];
        Map<String, List<Integer>> byKeyText = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            try {
                if (def.scoped() && scope == null) {
                    throw new RecordException(def.organizationField().name(), "Deleting " + def.name()
                            + " records needs an organization unit");
                }
                byKeyText.computeIfAbsent(converter.keyText(keys.get(i)), k -> new ArrayList<>()).add(i);
            } catch (RecordException e) {
                outcomes[i] = WriteOutcome.failed(keys.get(i), e.field(), e.getMessage());
            }
        }
        if (!byKeyText.isEmpty()) {
            String org = def.scoped() ? scope : Tombstones.NO_ORGANIZATION;
            try {
                Map<String, String> refused = Retrying.changing(env, c -> deleteKeys(c, org, byKeyText));
                byKeyText.forEach((keyText, indexes) -> indexes.forEach(i -> outcomes[i] = refused.containsKey(keyText)
                        ? WriteOutcome.failed(keys.get(i), null, refused.get(keyText))
                        : WriteOutcome.deleted(keys.get(i))));
            } catch (SQLException e) {
                throw new ConnectorException("Deleting " + def.name() + " records in CDS environment '" + env.name()
                        + "' failed: " + Sql.message(e), e);
            }
        }
        return List.of(outcomes);
    }

    /** @return the keys refused, with the reason */
    private Map<String, String> deleteKeys(Connection c, String org, Map<String, List<Integer>> byKeyText)
            throws SQLException {
        Map<String, Long> found = find(c, org, new ArrayList<>(byKeyText.keySet()));
        Map<String, String> refused = new HashMap<>();
        if (def == env.catalogue().organization()) {
            for (String id : found.keySet()) {
                String user = firstEntityUsing(c, id);
                if (user != null) {
                    refused.put(id, "Organization '" + id + "' still has " + user + " records; delete them first, "
                            + "or clear all data");
                }
            }
            refused.keySet().forEach(found::remove);
        }
        if (found.isEmpty()) {
            return refused;
        }
        String scope = def.scoped() ? EntityDefinition.column(def.organizationField()) + " = ? AND " : "";
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + def.table() + " WHERE " + scope
                + "\"_key\" = ?")) {
            for (String keyText : found.keySet()) {
                int i = 1;
                if (def.scoped()) {
                    ps.setString(i++, org);
                }
                ps.setString(i, keyText);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        Tombstones.record(c, def, org, found, Instant.now());
        env.tombstonesRecorded(def.name());
        return refused;
    }

    private Map<String, Long> find(Connection c, String org, List<String> keys) throws SQLException {
        Map<String, Long> found = new LinkedHashMap<>();
        String scope = def.scoped() ? EntityDefinition.column(def.organizationField()) + " = ? AND " : "";
        for (List<String> chunk : Sql.chunks(keys)) {
            int size = Sql.bucket(chunk.size());
            try (PreparedStatement ps = c.prepareStatement("SELECT \"_key\", \"_id\" FROM " + def.table() + " WHERE "
                    + scope + "\"_key\" IN " + Sql.markers(size))) {
                int i = 1;
                if (def.scoped()) {
                    ps.setString(i++, org);
                }
                Sql.bindPadded(ps, i, chunk, size);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
        }
        return found;
    }

    private String firstEntityUsing(Connection c, String organization) throws SQLException {
        for (EntityDefinition d : env.catalogue().scoped()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + d.table() + " WHERE "
                    + EntityDefinition.column(d.organizationField()) + " = ? FETCH FIRST 1 ROW ONLY")) {
                ps.setString(1, organization);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return d.name();
                    }
                }
            }
        }
        return null;
    }
}
