package org.ferry.connectors.cds.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upserts enough batches that the hub's write path takes each of its turns: an empty table, batches of keys it
 * has never stored (where the key filter is built), batches of stored keys changed, and the same batches again.
 * How fast this goes against plain JDBC is measured by {@code ./ferry bench} ({@code hub_ratio},
 * {@code baseline_update_rows_per_s}), not asserted here: a timed assertion fails on a busy machine and proves
 * nothing on a quiet one.
 */
class ManyBatchesUpsertTest {
    private static final int ROWS = 20_000;
    private static final int BATCH = 500;

    @TempDir
    Path dir;

    @Test
    void everyBatchGetsTheOutcomeItsRowsCall() throws Exception {
        try (Hub hub = new Hub(dir); Connection c = hub.open()) {
            c.test();
            upsert(c, i -> account(i, "Account " + i), WriteOutcome.Status.INSERTED);
            upsert(c, i -> account(i, "Renamed " + i), WriteOutcome.Status.UPDATED);
            upsert(c, i -> account(i, "Renamed " + i), WriteOutcome.Status.UNCHANGED);

            List<EntityRecord> stored = Hub.drain(c.read(Hub.read("Account", Hub.ORG1, null)), 1000);
            assertEquals(ROWS, stored.size());
            for (EntityRecord r : stored) {
                String id = r.get("AccountId").asText();
                assertEquals("Renamed " + id.substring("ACC-".length()), r.get("Name").asText(), id);
            }
        }
    }

    private static EntityRecord account(int i, String name) {
        return Hub.account("ACC-" + i, name).toBuilder().text("Address1_City", "Seattle")
                .set("CreditLimit", Value.decimal("1000.50")).build();
    }

    private static void upsert(Connection c, IntFunction<EntityRecord> make, WriteOutcome.Status expected) {
        for (int b = 0; b < ROWS; b += BATCH) {
            List<EntityRecord> batch = new ArrayList<>(BATCH);
            for (int i = b; i < b + BATCH; i++) {
                batch.add(make.apply(i));
            }
            List<WriteOutcome> outcomes = c.upsert("Account", Hub.ORG1, batch);
            assertEquals(BATCH, outcomes.size());
            for (WriteOutcome o : outcomes) {
                assertEquals(expected, o.status(), o.message());
            }
        }
    }
}
