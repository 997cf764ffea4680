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
import org.ferry.connectors.cds.internal.schema.KeyText;
import org.ferry.connectors.cds.internal.store.Environment;
import org.ferry.connectors.cds.internal.store.Sql;

/**
 * Deletes records by business key or by hub id and leaves a tombstone for each, in one transaction. A key or
 * id that does not exist counts as deleted. An organization that still holds records is not deleted: its
 * records would be left in no organization at all.
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
                throw failure(e);
            }
        }
        return List.of(outcomes);
    }

    /**
     * Deletes by hub id, as readers report it in {@code sourceId}; outcomes carry the id, and the key when the
     * record had one. An id of another organization's record is refused, not deleted.
     *
     * @param scope the organization, required for organization-scoped entities
     */
    public List<WriteOutcome> deleteByIds(String scope, List<String> ids) {
        WriteOutcome[] outcomes = new WriteOutcome[ids.size()];
        Map<Long, List<Integer>> byId = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            Long id = KeyText.parseId(ids.get(i));
            if (def.scoped() && scope == null) {
                outcomes[i] = WriteOutcome.failed(null, def.organizationField().name(), "Deleting " + def.name()
                        + " records needs an organization unit");
            } else if (id == null) {
                outcomes[i] = WriteOutcome.failed(null, null, KeyText.notAnId(def.name(), ids.get(i)));
            } else {
                byId.computeIfAbsent(id, k -> new ArrayList<>()).add(i);
            }
        }
        if (byId.isEmpty()) {
            return List.of(outcomes);
        }
        String org = def.scoped() ? scope : Tombstones.NO_ORGANIZATION;
        try {
            Map<Long, WriteOutcome> done = Retrying.changing(env, c -> deleteIds(c, org, List.copyOf(byId.keySet())));
            byId.forEach((id, indexes) -> indexes.forEach(i -> outcomes[i] = done.get(id).withId(id.toString())));
        } catch (SQLException e) {
            throw failure(e);
        }
        return List.of(outcomes);
    }

    /** @return the outcome of each id: deleted (also when missing) or refused */
    private Map<Long, WriteOutcome> deleteIds(Connection c, String org, List<Long> ids) throws SQLException {
        Map<Long, WriteOutcome> outcomes = new HashMap<>();
        ids.forEach(id -> outcomes.put(id, WriteOutcome.deleted(null)));
        String orgColumn = def.scoped() ? ", " + EntityDefinition.column(def.organizationField()) : "";
        Map<String, Long> found = new LinkedHashMap<>();
        Sql.selectIn(c, "SELECT \"_id\", \"_key\"" + orgColumn + " FROM " + def.table() + " WHERE \"_id\" IN ",
                List.of(), ids, rs -> {
                    long id = rs.getLong(1);
                    BusinessKey key = env.codec().key(def.name(), rs.getString(2));
                    if (def.scoped() && !org.equals(rs.getString(3))) {
                        outcomes.put(id, WriteOutcome.failed(key, def.organizationField().name(), "The " + def.name()
                                + " record with id " + id + " belongs to organization '" + rs.getString(3)
                                + "', not to '" + org + "'"));
                    } else {
                        outcomes.put(id, WriteOutcome.deleted(key));
                        found.put(rs.getString(2), id);
                    }
                });
        remove(c, org, found).forEach((keyText, reason) -> outcomes.put(found.get(keyText),
                WriteOutcome.failed(outcomes.get(found.get(keyText)).key(), null, reason)));
        return outcomes;
    }

    /** @return the keys refused, with the reason */
    private Map<String, String> deleteKeys(Connection c, String org, Map<String, List<Integer>> byKeyText)
            throws SQLException {
        return remove(c, org, find(c, org, new ArrayList<>(byKeyText.keySet())));
    }

    /**
     * Deletes the rows found (key text to id) and leaves their tombstones.
     *
     * @return the keys refused, with the reason
     */
    private Map<String, String> remove(Connection c, String org, Map<String, Long> found) throws SQLException {
        Map<String, String> refused = new HashMap<>();
        if (def == env.catalogue().organization()) {
            for (String id : found.keySet()) {
                String user = firstEntityUsing(c, id);
                if (user != null) {
                    refused.put(id, "Organization '" + id + "' still has " + user + " records; delete them first, "
                            + "or clear all data");
                }
            }
        }
        Map<String, Long> deleting = new LinkedHashMap<>(found);
        refused.keySet().forEach(deleting::remove);
        if (deleting.isEmpty()) {
            return refused;
        }
        String scope = def.scoped() ? EntityDefinition.column(def.organizationField()) + " = ? AND " : "";
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + def.table() + " WHERE " + scope
                + "\"_key\" = ?")) {
            for (String keyText : deleting.keySet()) {
                int i = 1;
                if (def.scoped()) {
                    ps.setString(i++, org);
                }
                ps.setString(i, keyText);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        Tombstones.record(c, env.dialect(), def, org, deleting, Instant.now());
        env.tombstonesRecorded(def.name());
        return refused;
    }

    private Map<String, Long> find(Connection c, String org, List<String> keys) throws SQLException {
        Map<String, Long> found = new LinkedHashMap<>();
        String scope = def.scoped() ? EntityDefinition.column(def.organizationField()) + " = ? AND " : "";
        Sql.selectIn(c, "SELECT \"_key\", \"_id\" FROM " + def.table() + " WHERE " + scope + "\"_key\" IN ",
                def.scoped() ? List.of(org) : List.of(), keys, rs -> found.put(rs.getString(1), rs.getLong(2)));
        return found;
    }

    private ConnectorException failure(SQLException e) {
        return new ConnectorException("Deleting " + def.name() + " records in CDS environment '" + env.name()
                + "' failed: " + Sql.message(e), e);
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
