package org.ferry.connectors.cds.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.RecordReader;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.EntityRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An update writes only the fields a record changed, grouped by which ones: every combination of six fields in one
 * batch (63 of them, more than the hub narrows statements for, so the statement that sets every field serves the
 * rest), by key and by id, must leave each row with exactly its changed fields new and the others as stored, and
 * give every changed row a new change number.
 */
class ChangedFieldsUpdateTest {
    private static final List<String> FIELDS = List.of("Name", "Address1_City", "Telephone1", "Fax", "Email", "WebSite");
    private static final int ROWS = (1 << FIELDS.size()) - 1;

    @TempDir
    Path dir;

    @Test
    void eachRowGetsExactlyTheFieldsItChanged() throws Exception {
        try (Hub hub = new Hub(dir); Connection c = hub.open()) {
            c.test();
            List<EntityRecord> first = new ArrayList<>();
            for (int i = 1; i <= ROWS; i++) {
                first.add(account(i, "old", "old"));
            }
            outcomes(c.upsert("Account", Hub.ORG1, first), i -> WriteOutcome.Status.INSERTED);
            String checkpoint = checkpoint(c);

            List<EntityRecord> byKey = new ArrayList<>();
            for (int i = 1; i <= ROWS; i++) {
                byKey.add(account(i, "new", "old"));
            }
            outcomes(c.upsert("Account", Hub.ORG1, byKey), i -> WriteOutcome.Status.UPDATED);
            Map<String, EntityRecord> stored = assertStored(c, "new", "old");
            assertEquals(ROWS, Hub.drain(c.read(Hub.read("Account", Hub.ORG1, checkpoint)), 1000).size(),
                    "every changed row has a new change number");

            List<EntityRecord> byId = new ArrayList<>();
            for (int i = 1; i <= ROWS; i++) {
                // the complement: the fields this row kept are changed now, through its id
                EntityRecord r = account(i, "new", "id");
                byId.add(r.toBuilder().sourceId(stored.get("ACC-" + i).sourceId()).build());
            }
            // the last row changed every field the first time, so it has none left to change
            outcomes(c.writeById("Account", Hub.ORG1, byId),
                    i -> i == ROWS ? WriteOutcome.Status.UNCHANGED : WriteOutcome.Status.UPDATED);
            assertStored(c, "new", "id");
        }
    }

    /** Account {@code i}: the fields of bit set {@code i} (a bit per field) from {@code in}, the others from {@code out}. */
    private static EntityRecord account(int i, String in, String out) {
        EntityRecord.Builder b = Hub.account("ACC-" + i, "").toBuilder();
        for (int f = 0; f < FIELDS.size(); f++) {
            b.text(FIELDS.get(f), ((i >> f & 1) == 1 ? in : out) + " " + f + " " + i);
        }
        return b.build();
    }

    /** Row {@code i} holds {@code changedPrefix} in the fields of bit set {@code i}, {@code keptPrefix} in the others. */
    private static Map<String, EntityRecord> assertStored(Connection c, String changedPrefix, String keptPrefix) {
        Map<String, EntityRecord> rows = new TreeMap<>();
        for (EntityRecord r : Hub.drain(c.read(Hub.read("Account", Hub.ORG1, null)), 1000)) {
            rows.put(r.get("AccountId").asText(), r);
        }
        assertEquals(ROWS, rows.size());
        for (int i = 1; i <= ROWS; i++) {
            EntityRecord r = rows.get("ACC-" + i);
            for (int f = 0; f < FIELDS.size(); f++) {
                String prefix = (i >> f & 1) == 1 ? changedPrefix : keptPrefix;
                assertEquals(prefix + " " + f + " " + i, r.get(FIELDS.get(f)).asText(), "ACC-" + i + " " + FIELDS.get(f));
            }
        }
        return rows;
    }

    /** @param expected the outcome of account {@code i} (from 1) */
    private static void outcomes(List<WriteOutcome> outcomes, IntFunction<WriteOutcome.Status> expected) {
        assertEquals(ROWS, outcomes.size());
        for (int i = 1; i <= ROWS; i++) {
            assertEquals(expected.apply(i), outcomes.get(i - 1).status(), "ACC-" + i + ": " + outcomes.get(i - 1).message());
        }
    }

    private static String checkpoint(Connection c) {
        try (RecordReader r = c.read(Hub.read("Account", Hub.ORG1, null))) {
            Hub.drain(r, 1000);
            return r.checkpoint();
        }
    }
}
