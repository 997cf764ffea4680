package org.ferry.runtime.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ferry.runtime.internal.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hashes stored behind the run thread's back must still answer like a store on the run thread: whatever a
 * batch stored or forgot is what the next batch's lookup sees, whether its store is committed or still in
 * flight, and a failed store fails the leg instead of vanishing.
 */
class HashWriteBehindTest {
    @TempDir
    Path dir;
    private Database db;

    @BeforeEach
    void open() throws Exception {
        db = org.ferry.runtime.internal.TestStores.open(dir.resolve("data"), dir.resolve("conf"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void eachBatchSeesWhatTheBatchesBeforeItStoredOrForgotOnAFirstRun() {
        batches(new RecordHashes(db, "p", "leg-1", false), new HashMap<>()); // lookups skip the keys the run has not stored
    }

    @Test
    void eachBatchSeesWhatTheBatchesBeforeItStoredOrForgotOnALaterRun() {
        RecordHashes state = new RecordHashes(db, "p", "leg-1", false);
        Map<String, RecordHashes.Written> earlier = new HashMap<>();
        for (int i = 0; i < 4000; i += 7) {
            earlier.put(key(i), new RecordHashes.Written(-7L, "ORG2", null));
        }
        state.remember(earlier, List.of());
        batches(state, earlier); // every key is looked up
    }

    private void batches(RecordHashes state, Map<String, RecordHashes.Written> expected) {
        try (HashWriteBehind memory = new HashWriteBehind(state, "test")) {
            for (int batch = 0; batch < 12; batch++) {
                // each batch rewrites half of the previous batch's keys, forgets a few older ones, adds new ones
                List<String> keys = new ArrayList<>();
                for (int i = batch * 300; i < batch * 300 + 500; i++) {
                    keys.add(key(i));
                }
                Map<String, RecordHashes.Written> known = memory.written(keys);
                Map<String, RecordHashes.Written> expectedKnown = new HashMap<>(expected);
                expectedKnown.keySet().retainAll(keys);
                assertEquals(expectedKnown, known, "batch " + batch + " sees exactly the earlier batches' stores");

                Map<String, RecordHashes.Written> written = new HashMap<>();
                keys.forEach(k -> written.put(k, new RecordHashes.Written(k.hashCode() * 31L + keys.indexOf(k)
                        + 1000L * known.size(), "ORG1", null)));
                List<String> forgotten = batch < 2 ? List.of() : List.of(key((batch - 2) * 300), key((batch - 2) * 300 + 1));
                memory.remember(written, forgotten, known.keySet());
                expected.putAll(written);
                forgotten.forEach(expected::remove);
                memory.remember(Map.of(), List.of(key(batch * 300 + 310)), null);
                expected.remove(key(batch * 300 + 310));
            }
            memory.drain();
            List<String> all = new ArrayList<>();
            for (int i = 0; i < 4000; i++) { // every key of the batches and of the earlier run
                all.add(key(i));
            }
            assertEquals(expected, state.written(all), "after draining, the database holds the last word on each key");
            assertEquals(expected.size(), state.rememberedCount());
        }
    }

    @Test
    void aFirstWrittenRecordIsHashedWhenStoredOrWhenLookedUpFirst() {
        org.ferry.api.data.EntityRecord record = org.ferry.api.data.EntityRecord.builder("Account")
                .key(org.ferry.api.data.BusinessKey.of("AccountId", "ACC-1")).sourceId("src-1")
                .text("AccountId", "ACC-1").text("Name", "One").build();
        RecordHashes.Written expected = new RecordHashes.Written(RecordHash.digest(record, "ORG001"), "USMF", null);
        RecordHashes state = new RecordHashes(db, "p", "leg-1", false);
        try (HashWriteBehind memory = new HashWriteBehind(state, "test")) {
            memory.written(List.of("ACC-1"));
            memory.remember(Map.of("ACC-1", new HashWriteBehind.Unhashed(record, "ORG001", "USMF")), List.of(), Set.of());
            assertEquals(Map.of("ACC-1", expected), memory.written(List.of("ACC-1")), "in flight or stored");
            memory.drain();
        }
        assertEquals(Map.of("ACC-1", expected), state.written(List.of("ACC-1")), "stored with the record's hash");
    }

    @Test
    void aFailedStoreIsThrownOnTheRunThread() {
        HashWriteBehind memory = new HashWriteBehind(new RecordHashes(db, "p", "leg-1", false), "test");
        String tooLong = "K".repeat(1001); // business_key is VARCHAR(1000): the INSERT fails
        memory.remember(Map.of(tooLong, new RecordHashes.Written(1L, null, null)), Set.of(), Set.of());
        IllegalStateException e = assertThrows(IllegalStateException.class, memory::drain);
        assertTrue(e.getMessage().startsWith("cannot store record hashes"), e.getMessage());
        memory.close();
    }

    private static String key(int i) {
        return String.format("ACC-%06d", i);
    }
}
