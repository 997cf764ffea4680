package org.ferry.connectors.cds.internal.write;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.ValueType;
import org.ferry.connectors.cds.internal.schema.EntityDefinition;
import org.ferry.connectors.cds.internal.schema.KeyText;
import org.ferry.connectors.cds.internal.store.Environment;
import org.ferry.connectors.cds.internal.store.Sql;

/**
 * Decides the {@code _key} of the rows of one organization's write by id, within its transaction. A row's key
 * follows its values: its business key when every key field has a value, else a surrogate
 * ({@link KeyText#surrogate}) that it keeps while it has no key. Refused, with the key field named:
 * <ul>
 * <li>a business key another row has (in the database or claimed earlier in the batch): keys stay unique, as
 *     writes by key need;</li>
 * <li>a change of a business key that other records' lookups hold: lookups are stored as key text, and they
 *     would lose their record silently;</li>
 * <li>an Organization without its id, or with a changed one: every scoped record names its organization by it.</li>
 * </ul>
 * The owners of the batch's candidate keys are read with one query up front; a key only a merge of several
 * records of the batch makes is looked up on its own.
 */
final class RowKeys {
    private final Environment env;
    private final EntityDefinition def;
    private final TableRows rows;
    private final Connection c;
    private final String org;
    private final Map<String, Long> owners = new HashMap<>();
    private final Set<String> asked = new HashSet<>();
    private final Map<String, PendingRow> claimed = new HashMap<>();

    RowKeys(Environment env, TableRows rows, Connection c, String org) {
        this.env = env;
        this.def = rows.def;
        this.rows = rows;
        this.c = c;
        this.org = org;
    }

    /** Reads in one query which rows hold the given keys. */
    void prefetch(Collection<String> candidates) throws SQLException {
        List<String> keys = candidates.stream().filter(k -> k != null && asked.add(k)).toList();
        Sql.selectIn(c, "SELECT \"_key\", \"_id\" FROM " + def.table() + " WHERE " + rows.scope + "\"_key\" IN ",
                leading(), keys, rs -> owners.put(rs.getString(1), rs.getLong(2)));
    }

    /**
     * Sets the key the row will have with these values: its business key, its surrogate, or {@code null} when
     * it needs a new surrogate ({@link #assignSurrogates}).
     *
     * @return {@code false} if the record was refused (its FAILED outcome is recorded)
     */
    boolean decide(PendingRow row, Object[] values, PreparedRecord p, Map<Integer, WriteOutcome> outcomes)
            throws SQLException {
        String key = rows.keyText(values);
        String field = def.keyFields().get(0).name();
        if (def == env.catalogue().organization()) {
            String refusal = key == null ? "An Organization record needs its '" + field + "': the records of every "
                    + "other entity name their organization by it"
                    : !row.isNew && !key.equals(row.storedKey) ? "The id of organization '" + row.storedKey
                    + "' cannot change: the records of every other entity name their organization by it" : null;
            if (refusal != null) {
                outcomes.put(p.index(), WriteOutcome.failed(p.reportedKey(), field, refusal));
                return false;
            }
        }
        if (key == null) {
            row.keyText = row.keyText != null && KeyText.isSurrogate(row.keyText) ? row.keyText : null;
            return true;
        }
        if (!key.equals(row.keyText)) {
            PendingRow claimant = claimed.get(key);
            Long owner = claimant == null ? owner(key) : null;
            if (claimant != null ? claimant != row : owner != null && !owner.equals(row.id)) {
                outcomes.put(p.index(), WriteOutcome.failed(p.reportedKey(), field, "The business key "
                        + describe(values) + " of the '" + def.name() + "' entity is already used by another record"
                        + (owner != null ? " (id " + owner + ")" : " of this batch")
                        + (def.scoped() ? " in organization '" + org + "'" : "")));
                return false;
            }
            claimed.put(key, row);
        }
        row.keyText = key;
        return true;
    }

    /** Refuses the rows whose business key would change while other records' lookups hold it. */
    void refuseReferencedKeyChanges(List<PendingRow> planned, Map<Integer, WriteOutcome> outcomes)
            throws SQLException {
        Map<String, PendingRow> changing = new LinkedHashMap<>();
        for (PendingRow row : planned) {
            if (!row.isNew && !row.refused && KeyText.isBusinessKey(row.storedKey)
                    && !row.storedKey.equals(row.keyText)) {
                changing.put(row.storedKey, row);
            }
        }
        if (changing.isEmpty()) {
            return;
        }
        referringEntities(changing.keySet()).forEach((key, entity) -> refuse(changing.get(key), outcomes,
                "The business key '" + key + "' of the " + def.name() + " record with id " + changing.get(key).id
                        + " cannot change or be cleared: " + entity + " records refer to it by that key"));
    }

    /** Gives each row still without a key a surrogate made from a fresh change number. */
    void assignSurrogates(List<PendingRow> planned, Map<Integer, WriteOutcome> outcomes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(Sql.selectNextChange(env.dialect()))) {
            for (PendingRow row : planned) {
                if (row.keyText != null || row.refused) {
                    continue;
                }
                String surrogate;
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    surrogate = KeyText.surrogate(rs.getLong(1));
                }
                if (surrogate.length() > def.keyTextLength()) {
                    refuse(row, outcomes, "The business key of the '" + def.name() + "' entity holds at most "
                            + def.keyTextLength() + " characters, too few for the hub to key a record without one; "
                            + "give the record its " + def.keyFields().stream().map(FieldSchema::name).toList());
                } else {
                    row.keyText = surrogate;
                }
            }
        }
    }

    private Long owner(String key) throws SQLException {
        if (!asked.contains(key)) {
            prefetch(List.of(key));
        }
        return owners.get(key);
    }

    /** @return for each key that lookups hold, the first entity whose records hold it */
    private Map<String, String> referringEntities(Collection<String> keys) throws SQLException {
        Map<String, String> found = new LinkedHashMap<>();
        for (EntityDefinition e : env.catalogue().all()) {
            for (FieldSchema f : e.fields()) {
                if (f.type() != ValueType.REFERENCE || !e.target(f).equalsIgnoreCase(def.name())) {
                    continue;
                }
                List<String> open = keys.stream().filter(k -> !found.containsKey(k)).toList();
                if (open.isEmpty()) {
                    return found;
                }
                // A scoped record's lookups name records of its own organization; unscoped ones, of any.
                String scope = def.scoped() ? EntityDefinition.column(e.organizationField()) + " = ? AND " : "";
                Sql.selectIn(c, "SELECT DISTINCT " + EntityDefinition.column(f) + " FROM " + e.table() + " WHERE "
                        + scope + EntityDefinition.column(f) + " IN ", leading(), new ArrayList<>(open),
                        rs -> found.putIfAbsent(rs.getString(1), e.name()));
            }
        }
        return found;
    }

    private void refuse(PendingRow row, Map<Integer, WriteOutcome> outcomes, String message) {
        row.refused = true;
        for (PreparedRecord p : row.records) {
            outcomes.put(p.index(), WriteOutcome.failed(p.reportedKey(), def.keyFields().get(0).name(), message));
        }
    }

    private String describe(Object[] values) {
        StringJoiner text = new StringJoiner(", ");
        for (FieldSchema kf : def.keyFields()) {
            Object v = values[rows.position(kf)];
            Long id = v instanceof String s ? KeyText.referencedId(s) : null;
            text.add(kf.name() + (id == null ? " '" + v + "'" : " (the record with id " + id + ")"));
        }
        return text.toString();
    }

    private List<Object> leading() {
        return def.scoped() ? List.of(org) : List.of();
    }
}
