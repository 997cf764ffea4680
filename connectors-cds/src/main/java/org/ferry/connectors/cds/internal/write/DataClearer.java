package org.ferry.connectors.cds.internal.write;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

import org.ferry.api.error.ConnectorException;
import org.ferry.connectors.cds.internal.schema.EntityDefinition;
import org.ferry.connectors.cds.internal.store.Environment;
import org.ferry.connectors.cds.internal.store.Sql;

/**
 * "Clear all data", as in the PowerApps portal: every record of every entity goes, organizations included,
 * in one transaction; the schema and custom entities stay. Each removed record leaves a tombstone, so an
 * incremental reader after the clear is told about the deletions instead of silently keeping them.
 */
public final class DataClearer {
    private DataClearer() {
    }

    /** @return a message for the user saying what went */
    public static String clearAll(Environment env) {
        try {
            int[] counts = Retrying.changing(env, c -> {
                int records = 0;
                int organizations = 0;
                Instant now = Instant.now();
                for (EntityDefinition def : env.catalogue().all()) {
                    int n = Tombstones.recordAll(c, env.dialect(), def, now);
                    try (Statement s = c.createStatement()) {
                        s.executeUpdate("DELETE FROM " + def.table());
                    }
                    if (n > 0) {
                        env.tombstonesRecorded(def.name());
                    }
                    records += n;
                    if (def == env.catalogue().organization()) {
                        organizations = n;
                    }
                }
                return new int[] {records, organizations};
            });
            return "Cleared all data in CDS environment '" + env.name() + "': " + counts[0] + " records deleted, "
                    + counts[1] + " of them organizations. Create an Organization record before writing again.";
        } catch (SQLException e) {
            throw new ConnectorException("Clearing CDS environment '" + env.name() + "' failed: " + Sql.message(e), e);
        }
    }
}
