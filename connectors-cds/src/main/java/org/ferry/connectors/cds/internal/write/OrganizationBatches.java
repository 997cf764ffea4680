package org.ferry.connectors.cds.internal.write;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.Value;
import org.ferry.api.error.ConnectorException;
import org.ferry.api.error.RecordException;
import org.ferry.connectors.cds.internal.schema.EntityDefinition;
import org.ferry.connectors.cds.internal.store.Environment;
import org.ferry.connectors.cds.internal.store.Sql;

/**
 * The frame both writers share: records are converted and checked before any SQL runs, so one bad record never
 * costs the batch its single transaction; then each organization's records are written in one transaction
 * that first checks the organization and the lookups. Lock conflicts and a concurrent insert of the same key
 * redo the transaction ({@link Retrying}); if the database still refuses a statement, the transaction is
 * redone once more with a savepoint per row, so only the refused records fail.
 */
final class OrganizationBatches {
    private final Environment env;
    private final EntityDefinition def;
    private final LookupChecker lookups;

    OrganizationBatches(Environment env, EntityDefinition def) {
        this.env = env;
        this.def = def;
        this.lookups = new LookupChecker(env, def);
    }

    /**
     * @param scope the organization of the write, or {@code null} to take each record's own
     * @return one outcome per record, in order
     */
    List<WriteOutcome> write(String scope, List<EntityRecord> records, Preparer preparer, Step step) {
        WriteOutcome[] outcomes = new WriteOutcome[records.size()];
        Map<String, List<PreparedRecord>> byOrganization = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            EntityRecord r = records.get(i);
            try {
                String org = def.scoped() ? organizationOf(r, scope) : "";
                byOrganization.computeIfAbsent(org, k -> new ArrayList<>()).add(preparer.prepare(i, r, org));
            } catch (RecordException e) {
                outcomes[i] = WriteOutcome.failed(r.key(), e.field(), e.getMessage());
            }
        }
        for (Map.Entry<String, List<PreparedRecord>> group : byOrganization.entrySet()) {
            writeGroup(group.getKey(), group.getValue(), step).forEach((i, o) -> outcomes[i] = o);
        }
        return List.of(outcomes);
    }

    private String organizationOf(EntityRecord r, String scope) {
        if (scope != null) {
            return scope;
        }
        if (r.organization() != null) {
            return r.organization();
        }
        Value v = r.get(def.organizationField().name());
        if (v == null || v.asText().isBlank()) {
            throw new RecordException(def.organizationField().name(), "The record has no organization: write it "
                    + "with an organization unit or give it '" + def.organizationField().name() + "'");
        }
        return v.asText();
    }

    private Map<Integer, WriteOutcome> writeGroup(String org, List<PreparedRecord> group, Step step) {
        try {
            return Retrying.changing(env, c -> attempt(c, org, group, false, step));
        } catch (SQLException batchFailed) {
            try {
                return Retrying.changing(env, c -> attempt(c, org, group, true, step));
            } catch (SQLException e) {
                throw new ConnectorException("Writing " + def.name() + " records to CDS environment '"
                        + env.name() + "' failed: " + Sql.message(e), e);
            }
        }
    }

    private Map<Integer, WriteOutcome> attempt(Connection c, String org, List<PreparedRecord> group, boolean isolate,
                                               Step step) throws SQLException {
        Map<Integer, WriteOutcome> outcomes = new HashMap<>();
        if (def.scoped() && !env.organizationExists(c, org)) {
            String message = OrganizationMessages.missing(env, c, org);
            group.forEach(p -> outcomes.put(p.index(),
                    WriteOutcome.failed(p.reportedKey(), def.organizationField().name(), message)));
            return outcomes;
        }
        List<PreparedRecord> live = lookups.check(c, org, group, outcomes);
        if (!live.isEmpty()) {
            step.write(c, org, live, isolate, outcomes);
        }
        return outcomes;
    }

    /** Converts one record; throws {@link RecordException} to fail it. */
    @FunctionalInterface
    interface Preparer {
        PreparedRecord prepare(int index, EntityRecord record, String organization);
    }

    /** Writes one organization's checked records within its transaction, recording an outcome for each. */
    @FunctionalInterface
    interface Step {
        void write(Connection c, String org, List<PreparedRecord> live, boolean isolate,
                   Map<Integer, WriteOutcome> outcomes) throws SQLException;
    }
}
