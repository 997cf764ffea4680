package org.ferry.connectors.cds.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.RecordReader;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.error.ConfigurationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadTest {
    @TempDir
    Path dir;
    Hub hub;
    Connection c;

    @BeforeEach
    void open() {
        hub = new Hub(dir);
        c = hub.open();
    }

    @AfterEach
    void close() {
        c.close();
        hub.close();
    }

    private void insertAccounts(int count, String prefix) {
        for (int start = 0; start < count; start += 500) {
            List<EntityRecord> batch = new ArrayList<>();
            for (int i = start; i < Math.min(count, start + 500); i++) {
                batch.add(Hub.account(prefix + i, "Account " + i));
            }
            for (WriteOutcome o : c.upsert("Account", Hub.ORG1, batch)) {
                assertEquals(WriteOutcome.Status.INSERTED, o.status(), o.message());
            }
        }
    }

    @Test
    void pagesThroughTenThousandRecords() {
        insertAccounts(10_000, "A-");
        int pages = 0;
        Set<String> keys = new HashSet<>();
        try (RecordReader r = c.read(new ReadRequest("Account", List.of("Name"), Hub.ORG1, null, null, 700))) {
            for (List<EntityRecord> page = r.nextPage(); page != null; page = r.nextPage()) {
                assertTrue(page.size() <= 700);
                pages++;
                for (EntityRecord rec : page) {
                    assertTrue(keys.add(rec.key().asText()), "returned twice: " + rec.key());
                    assertEquals(Set.of("AccountId", "Name"), rec.fields());
                }
            }
            assertTrue(r.checkpoint().startsWith("cds1:"));
        }
        assertEquals(10_000, keys.size());
        assertEquals(15, pages);
        assertThrows(ConfigurationException.class,
                () -> c.read(new ReadRequest("Account", List.of("Nope"), Hub.ORG1, null, null, 10)));
    }

    @Test
    void readsOnlyChangesAndDeletionsSinceACheckpoint() {
        insertAccounts(1000, "A-");
        String first;
        try (RecordReader r = c.read(Hub.read("Account", Hub.ORG1, null))) {
            assertEquals(1000, Hub.drain(r, 1000).size());
            first = r.checkpoint();
        }
        List<EntityRecord> changes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            changes.add(Hub.account("A-" + (i * 7), "Changed " + i));
        }
        changes.add(Hub.account("A-999", "Account 999"));
        changes.add(Hub.account("NEW-1", "New"));
        c.upsert("Account", Hub.ORG1, changes);
        c.upsert("Account", Hub.ORG2, List.of(Hub.account("OTHER-ORG", "Elsewhere")));
        c.delete("Account", Hub.ORG1, List.of(BusinessKey.of("AccountId", "A-1"), BusinessKey.of("AccountId", "A-2"),
                BusinessKey.of("AccountId", "A-3")));
        // deleted, then created again: reported as a live record, not as a deletion
        c.delete("Account", Hub.ORG1, List.of(BusinessKey.of("AccountId", "A-500")));
        c.upsert("Account", Hub.ORG1, List.of(Hub.account("A-500", "Back")));

        List<EntityRecord> since;
        String second;
        try (RecordReader r = c.read(Hub.read("Account", Hub.ORG1, first))) {
            since = Hub.drain(r, 1000);
            second = r.checkpoint();
        }
        Set<String> changed = since.stream().filter(x -> !x.deleted()).map(x -> x.key().asText())
                .collect(Collectors.toSet());
        Set<String> deleted = since.stream().filter(EntityRecord::deleted).map(x -> x.key().asText())
                .collect(Collectors.toSet());
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            expected.add("A-" + (i * 7));
        }
        expected.add("NEW-1");
        expected.add("A-500");
        assertEquals(expected, changed);
        assertEquals(Set.of("A-1", "A-2", "A-3"), deleted);
        assertEquals(15, since.size());
        EntityRecord deletion = since.stream().filter(EntityRecord::deleted).findFirst().orElseThrow();
        assertEquals("ORG001", deletion.organization());
        assertTrue(deletion.sourceId() != null);

        try (RecordReader r = c.read(Hub.read("Account", Hub.ORG1, second))) {
            assertTrue(Hub.drain(r, 1000).isEmpty());
            assertEquals(second, r.checkpoint());
        }
        // every organization at once: the ORG002 insert too
        try (RecordReader r = c.read(Hub.read("Account", null, first))) {
            assertEquals(16, Hub.drain(r, 1000).size());
        }
        // a checkpoint of another database means a full read
        try (RecordReader r = c.read(Hub.read("Account", Hub.ORG1, "cds1:another-instance:5"))) {
            assertEquals(998, Hub.drain(r, 1000).size());
        }
        assertThrows(ConfigurationException.class, () -> c.read(Hub.read("Account", Hub.ORG1, "garbage")));
        assertThrows(ConfigurationException.class, () -> c.read(Hub.read("Account", Hub.org("ORG404"), null)));
    }

    @Test
    void clearsAllDataAndReportsTheDeletions() {
        insertAccounts(50, "A-");
        String checkpoint;
        try (RecordReader r = c.read(Hub.read("Account", Hub.ORG1, null))) {
            Hub.drain(r, 1000);
            checkpoint = r.checkpoint();
        }
        assertEquals("clear-all-data", c.actions().get(0).name());
        assertTrue(c.actions().get(0).destructive());
        String message = c.perform("clear-all-data");
        assertTrue(message.contains("52 records"), message);
        assertTrue(c.organizationUnits().isEmpty());
        assertTrue(Hub.drain(c.read(Hub.read("Account", null, null)), 1000).isEmpty());
        List<EntityRecord> since = Hub.drain(c.read(Hub.read("Account", null, checkpoint)), 1000);
        assertEquals(50, since.size());
        assertTrue(since.stream().allMatch(EntityRecord::deleted));
        assertFalse(c.describe("Account").fields().isEmpty());
        assertThrows(ConfigurationException.class, () -> c.perform("format-disk"));
        // writing needs an organization again
        WriteOutcome out = c.upsert("Account", Hub.ORG1, List.of(Hub.account("A-1", "X"))).get(0);
        assertTrue(out.message().contains("no organizations yet"), out.message());
        assertNull(out.field() == null ? null : out.field().isEmpty() ? "" : null);
    }

    @Test
    void takesConcurrentWritersOfOneEntity() throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < 2; t++) {
            int thread = t;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int b = 0; b < 10; b++) {
                        List<EntityRecord> batch = new ArrayList<>();
                        for (int i = 0; i < 200; i++) {
                            // half the keys are shared by both threads, to make them meet on the same rows
                            String key = i % 2 == 0 ? "S-" + b + "-" + i : "T" + thread + "-" + b + "-" + i;
                            batch.add(Hub.account(key, "Thread " + thread));
                        }
                        for (WriteOutcome o : c.upsert("Account", Hub.ORG1, batch)) {
                            if (o.status() == WriteOutcome.Status.FAILED) {
                                throw new AssertionError(o.message());
                            }
                        }
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(errors.isEmpty(), errors.toString());
        assertEquals(10 * 100 + 2 * 10 * 100, Hub.drain(c.read(Hub.read("Account", Hub.ORG1, null)), 1000).size());
    }
}
