package org.ferry.connectors.cds.internal.read;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ferry.api.connector.RecordReader;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.ReferenceValue;
import org.ferry.api.data.Value;
import org.ferry.api.error.ConnectorException;
import org.ferry.connectors.cds.internal.schema.EntityDefinition;
import org.ferry.connectors.cds.internal.schema.KeyText;
import org.ferry.connectors.cds.internal.store.Environment;
import org.ferry.connectors.cds.internal.store.Sql;
import org.ferry.connectors.cds.internal.store.ValueCodec;

/**
 * Pages through an entity one organization at a time along the change sequence ({@code _seq}), with a keyset
 * cursor: each page is one short query on the (organization, change number) index, and nothing is held open
 * between pages. Only rows changed after {@code since} and up to {@code upper} (the stable change mark taken
 * when the read began) are returned; an incremental read then reports the tombstones in the same range.
 * A row changed while the read runs moves above {@code upper}: this read skips it, the next one returns it.
 * Lookups carry the related records' hub ids ({@link LookupIds}); a record without a business key (written by
 * id) is returned without one.
 */
public final class EntityReader implements RecordReader {
    private final Environment env;
    private final EntityDefinition def;
    private final List<FieldSchema> selected;
    private final List<String> organizations;
    private final List<String> deletionOrganizations;
    private final long since;
    private final long upper;
    private final int pageSize;
    private final String rowsSql;
    private final LookupIds lookupIds;
    private int orgIndex;
    private long cursor;
    private boolean readingDeletions;

    /**
     * @param organizations         the organizations to read rows of (one empty string for unscoped entities)
     * @param deletionOrganizations the organizations to report deletions of; empty for a full read
     */
    public EntityReader(Environment env, EntityDefinition def, List<FieldSchema> selected, List<String> organizations,
                        List<String> deletionOrganizations, long since, long upper, int pageSize) {
        this.env = env;
        this.def = def;
        this.selected = selected;
        this.organizations = organizations;
        this.deletionOrganizations = deletionOrganizations;
        this.since = since;
        this.upper = upper;
        this.pageSize = pageSize;
        this.cursor = since;
        this.lookupIds = new LookupIds(env, selected);
        StringBuilder sql = new StringBuilder("SELECT \"_seq\", \"_id\", \"_modified\", \"_key\"");
        for (FieldSchema f : selected) {
            sql.append(", ").append(EntityDefinition.column(f));
        }
        sql.append(" FROM ").append(def.table()).append(" WHERE ");
        if (def.scoped()) {
            sql.append(EntityDefinition.column(def.organizationField())).append(" = ? AND ");
        }
        this.rowsSql = sql.append("\"_seq\" > ? AND \"_seq\" <= ? ORDER BY \"_seq\" FETCH FIRST ? ROWS ONLY").toString();
    }

    @Override
    public List<EntityRecord> nextPage() {
        try {
            while (true) {
                List<String> orgs = readingDeletions ? deletionOrganizations : organizations;
                if (orgIndex >= orgs.size()) {
                    if (readingDeletions || deletionOrganizations.isEmpty()) {
                        return null;
                    }
                    readingDeletions = true;
                    orgIndex = 0;
                    cursor = since;
                    continue;
                }
                String org = orgs.get(orgIndex);
                List<EntityRecord> page = readingDeletions ? deletions(org) : rows(org);
                if (page.size() < pageSize) {
                    orgIndex++;
                    cursor = since;
                }
                if (!page.isEmpty()) {
                    return page;
                }
            }
        } catch (SQLException e) {
            throw new ConnectorException("Reading " + def.name() + " from CDS environment '" + env.name()
                    + "' failed: " + Sql.message(e), e);
        }
    }

    private List<EntityRecord> rows(String org) throws SQLException {
        ValueCodec codec = env.codec();
        return env.transaction(c -> {
            List<EntityRecord.Builder> builders = new ArrayList<>(Math.min(pageSize, 1024));
            List<String> keys = new ArrayList<>(Math.min(pageSize, 1024));
            List<Object[]> stored = new ArrayList<>(Math.min(pageSize, 1024));
            try (PreparedStatement ps = c.prepareStatement(rowsSql)) {
                int i = 1;
                if (def.scoped()) {
                    ps.setString(i++, org);
                }
                ps.setLong(i++, cursor);
                ps.setLong(i++, upper);
                ps.setInt(i, pageSize);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        cursor = rs.getLong(1);
                        builders.add(EntityRecord.builder(def.name())
                                .sourceId(Long.toString(rs.getLong(2)))
                                .modifiedOn(ValueCodec.readInstant(rs, 3))
                                .organization(def.scoped() ? org : null));
                        keys.add(rs.getString(4));
                        Object[] values = new Object[selected.size()];
                        for (int f = 0; f < selected.size(); f++) {
                            values[f] = ValueCodec.read(rs, f + 5, selected.get(f));
                        }
                        stored.add(values);
                    }
                }
            }
            Map<Integer, Map<String, ReferenceValue>> lookups = lookupIds.resolve(c, def, org, stored);
            List<EntityRecord> page = new ArrayList<>(builders.size());
            for (int r = 0; r < builders.size(); r++) {
                EntityRecord.Builder b = builders.get(r);
                Map<String, String> key = new LinkedHashMap<>();
                for (int f = 0; f < selected.size(); f++) {
                    FieldSchema field = selected.get(f);
                    Object value = stored.get(r)[f];
                    Value v = lookups.containsKey(f) && value != null ? lookups.get(f).get(value)
                            : codec.toValue(def, field, value);
                    b.set(field.name(), v);
                    if (def.keyFields().contains(field)) {
                        key.put(field.name(), v == null ? null : v.asText());
                    }
                }
                page.add(b.key(KeyText.isBusinessKey(keys.get(r)) ? keyInOrder(key) : null).build());
            }
            return page;
        });
    }

    private BusinessKey keyInOrder(Map<String, String> values) {
        Map<String, String> parts = new LinkedHashMap<>();
        for (FieldSchema k : def.keyFields()) {
            parts.put(k.name(), values.get(k.name()));
        }
        return BusinessKey.of(parts);
    }

    private List<EntityRecord> deletions(String org) throws SQLException {
        return env.transaction(c -> {
            List<EntityRecord> page = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT SEQ, KEY_TEXT, SOURCE_ID FROM CDS.DELETED "
                    + "WHERE ENTITY = ? AND ORG = ? AND SEQ > ? AND SEQ <= ? ORDER BY SEQ FETCH FIRST ? ROWS ONLY")) {
                ps.setString(1, def.name());
                ps.setString(2, org);
                ps.setLong(3, cursor);
                ps.setLong(4, upper);
                ps.setInt(5, pageSize);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        cursor = rs.getLong(1);
                        BusinessKey key = env.codec().key(def.name(), rs.getString(2));
                        page.add(EntityRecord.builder(def.name()).key(key).sourceId(Long.toString(rs.getLong(3)))
                                .organization(def.scoped() ? org : null).deleted(true).build());
                    }
                }
            }
            return page;
        });
    }

    /** The rows and tombstones this read will return: a count per organization on the same range. */
    @Override
    public java.util.OptionalLong estimatedTotal() {
        try {
            return java.util.OptionalLong.of(env.transaction(c -> {
                long n = 0;
                String rows = "SELECT COUNT(*) FROM " + def.table() + " WHERE "
                        + (def.scoped() ? EntityDefinition.column(def.organizationField()) + " = ? AND " : "")
                        + "\"_seq\" > ? AND \"_seq\" <= ?";
                for (String org : organizations) {
                    n += count(c, rows, def.scoped() ? List.of(org, since, upper) : List.of(since, upper));
                }
                for (String org : deletionOrganizations) {
                    n += count(c, "SELECT COUNT(*) FROM CDS.DELETED WHERE ENTITY = ? AND ORG = ? AND SEQ > ? AND SEQ <= ?",
                            List.of(def.name(), org, since, upper));
                }
                return n;
            }));
        } catch (SQLException e) {
            return java.util.OptionalLong.empty();
        }
    }

    private static long count(java.sql.Connection c, String sql, List<Object> params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    @Override
    public String checkpoint() {
        return Checkpoint.format(env.instanceId(), upper);
    }

    @Override
    public void close() {
        orgIndex = Integer.MAX_VALUE;
        readingDeletions = true;
    }
}
