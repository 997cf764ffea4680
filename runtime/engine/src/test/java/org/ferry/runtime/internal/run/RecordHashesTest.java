package org.ferry.runtime.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ferry.runtime.internal.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-key memory of a leg, which decides what a resumed run skips: lookups must answer exactly the
 * keys asked for (hits and misses, any number per call) and never mix legs or projects, and marking keys
 * as seen must touch only those keys.
 */
class RecordHashesTest {
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
    void looksUpExactlyTheRememberedKeysOfItsOwnLeg() {
        RecordHashes leg = new RecordHashes(db, "p", "leg-1", true);
        RecordHashes otherLeg = new RecordHashes(db, "p", "leg-2", true);
        RecordHashes otherProject = new RecordHashes(db, "q", "leg-1", true);
        Map<String, RecordHashes.Written> written = new HashMap<>();
        for (int i = 0; i < 3000; i += 2) {
            written.put(key(i), new RecordHashes.Written(hash(i), "ORG" + (i % 3), "id-" + i));
        }
        leg.remember(written, List.of());
        otherLeg.remember(Map.of(key(1), new RecordHashes.Written(-1L, null, null)), List.of());
        otherProject.remember(Map.of(key(3), new RecordHashes.Written(-1L, null, null)), List.of());

        List<String> asked = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            asked.add(key(i));
        }
        Map<String, RecordHashes.Written> found = leg.written(asked);
        assertEquals(1500, found.size(), "every even key, no odd one (those belong to other legs or projects)");
        assertEquals(new RecordHashes.Written(hash(2998), "ORG1", null), found.get(key(2998)));
        assertEquals(key(2998), leg.keyOfSourceId("id-2998").orElseThrow(), "a leg that deletes finds a key by its source id");
        assertFalse(found.containsKey(key(1)));
        assertTrue(leg.written(List.of()).isEmpty());

        leg.remember(Map.of(), List.of(key(0)));
        assertFalse(leg.written(List.of(key(0))).containsKey(key(0)), "a forgotten key is gone");
        assertEquals(1499, leg.rememberedCount());
    }

    @Test
    void keysKnownToBeStoredAreUpdatedInPlaceAndAWrongGuessIsStillStored() {
        RecordHashes leg = new RecordHashes(db, "p", "leg-1", true);
        Map<String, RecordHashes.Written> first = new HashMap<>();
        for (int i = 0; i < 250; i++) {
            first.put(key(i), new RecordHashes.Written(hash(i), "ORG1", "id-" + i));
        }
        leg.remember(first, List.of(), java.util.Set.of());

        Map<String, RecordHashes.Written> changed = new HashMap<>();
        for (int i = 0; i < 250; i += 5) {
            changed.put(key(i), new RecordHashes.Written(hash(i + 1000), "ORG2", "id-" + i));
        }
        changed.put(key(7), new RecordHashes.Written(hash(7007), "ORG2", "id-7"));
        // the caller believes key 999 has a row (it has none): it must be stored all the same
        changed.put(key(999), new RecordHashes.Written(hash(999), "ORG2", "id-999"));
        java.util.Set<String> stored = new java.util.HashSet<>(changed.keySet());
        leg.remember(changed, List.of(key(3)), stored);

        Map<String, RecordHashes.Written> found = leg.written(List.of(key(0), key(1), key(5), key(7), key(3), key(999)));
        assertEquals(new RecordHashes.Written(hash(1000), "ORG2", null), found.get(key(0)));
        assertEquals(new RecordHashes.Written(hash(1), "ORG1", null), found.get(key(1)), "a key not written is untouched");
        assertEquals(new RecordHashes.Written(hash(1005), "ORG2", null), found.get(key(5)));
        assertEquals(new RecordHashes.Written(hash(7007), "ORG2", null), found.get(key(7)));
        assertEquals(new RecordHashes.Written(hash(999), "ORG2", null), found.get(key(999)));
        assertFalse(found.containsKey(key(3)), "a forgotten key is gone");
        assertEquals(250, leg.rememberedCount(), "250 - 1 forgotten + 1 new");
        assertEquals(key(999), leg.keyOfSourceId("id-999").orElseThrow());
    }

    /**
     * A leg that propagates deletions turns a deletion's source id into the key its record was last written under:
     * after a record's key changed, its id names the new key; an id written again under its key stays one row; new
     * ids (more than one multi-row INSERT's worth, and a remainder) are all kept.
     */
    @Test
    void aSourceIdNamesTheKeyItsRecordWasLastWrittenUnder() throws Exception {
        RecordHashes leg = new RecordHashes(db, "p", "leg-1", true);
        Map<String, RecordHashes.Written> first = new HashMap<>();
        for (int i = 0; i < 250; i++) {
            first.put(key(i), new RecordHashes.Written(hash(i), "ORG1", "id-" + i));
        }
        leg.remember(first, List.of(), java.util.Set.of());

        Map<String, RecordHashes.Written> second = new HashMap<>();
        java.util.Set<String> stored = new java.util.HashSet<>();
        for (int i = 0; i < 250; i += 10) { // changed under the same key
            second.put(key(i), new RecordHashes.Written(hash(i + 1), "ORG1", "id-" + i));
            stored.add(key(i));
        }
        for (int i = 1; i < 250; i += 10) { // the same record under a new key
            second.put(key(i + 1000), new RecordHashes.Written(hash(i), "ORG1", "id-" + i));
        }
        for (int i = 250; i < 520; i++) { // new records
            second.put(key(i), new RecordHashes.Written(hash(i), "ORG1", "id-" + i));
        }
        second.put(key(9999), new RecordHashes.Written(hash(9999), "ORG1", null)); // a record without an id
        leg.remember(second, List.of(), stored);

        for (int i = 0; i < 520; i++) {
            String expected = i < 250 && i % 10 == 1 ? key(i + 1000) : key(i);
            assertEquals(java.util.Optional.of(expected), leg.keyOfSourceId("id-" + i), "id-" + i);
        }
        try (java.sql.Connection c = db.connection(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT source_id) FROM record_source_ids")) {
            assertTrue(rs.next());
            assertEquals(520, rs.getInt(1), "one row an id");
            assertEquals(520, rs.getInt(2));
        }
    }

    /**
     * A key-set sweep deletes what the read saw neither by its key nor by its source id (a record read but filtered
     * out is still at the source), page by page in key order, each page after the last key of the one before.
     */
    @Test
    void aSweepFindsTheKeysTheReadSawNeitherByKeyNorBySourceId() {
        RecordHashes leg = new RecordHashes(db, "p", "leg-1", true);
        Map<String, RecordHashes.Written> written = new HashMap<>();
        for (int i = 0; i < 1200; i++) {
            written.put(key(i), new RecordHashes.Written(42L, null, "id-" + i));
        }
        leg.remember(written, List.of());
        ReadSeen seen = new ReadSeen();
        for (int i = 0; i < 1000; i++) {
            if (i % 2 == 0) {
                seen.key(key(i));
            } else {
                seen.sourceId("id-" + i);
            }
        }
        seen.sourceId("id-the-leg-never-wrote");
        seen.key("a key the leg never wrote");
        leg.keysOfSeenSourceIds(seen);

        assertEquals(200, leg.unseenCount(seen));
        List<String> unseen = new ArrayList<>(leg.unseen(seen, null, 150));
        assertEquals(150, unseen.size());
        unseen.addAll(leg.unseen(seen, unseen.get(149), 150));
        assertTrue(leg.unseen(seen, unseen.get(unseen.size() - 1), 150).isEmpty(), "nothing after the last page");
        List<String> expected = new ArrayList<>();
        for (int i = 1000; i < 1200; i++) {
            expected.add(key(i));
        }
        assertEquals(expected, unseen);
    }

    /**
     * Stored hashes are compared with the hashes of the next run's records, so the same record must hash to the
     * same text from one version to the next (else an upgrade rewrites every record once). Pinned values, made
     * before the hash was computed from one buffer instead of a stream of small digest updates.
     */
    @Test
    void aRecordHashesAsItDidInEarlierVersions() {
        org.ferry.api.data.EntityRecord record = pinned();
        assertEquals("9Za0GMVllCejm6nsSIysknKxPyqZi9TJKJmFYLjEByQ=", RecordHash.of(record, "ORG001"));
        assertEquals("0IkwM6b+46EW9+8kuSripH8tQS+OkbzLzOsMjBFL/0k=", RecordHash.of(record, null));
    }

    /** A business-key leg keeps the first 64 bits of the same hash, as a number. */
    @Test
    void theDigestIsTheFirst64BitsOfTheHash() {
        org.ferry.api.data.EntityRecord record = pinned();
        assertEquals(RecordHash.digestOf("9Za0GMVllCejm6nsSIysknKxPyqZi9TJKJmFYLjEByQ="), RecordHash.digest(record, "ORG001"));
        assertEquals(0xF596B418C5659427L, RecordHash.digest(record, "ORG001"));
        assertEquals(RecordHash.digestOf("0IkwM6b+46EW9+8kuSripH8tQS+OkbzLzOsMjBFL/0k="), RecordHash.digest(record, null));
    }

    /**
     * A hash stored as text before version 9 answers as the digest of the same record, so an upgrade rewrites none of
     * the records it remembers; once the record changes, its row keeps the digest alone.
     */
    @Test
    void aHashStoredAsTextBeforeVersion9AnswersAsItsDigest() throws Exception {
        RecordHashes leg = new RecordHashes(db, "p", "leg-1", false);
        leg.remember(Map.of(key(1), new RecordHashes.Written(1L, "ORG1", null)), List.of());
        org.ferry.api.data.EntityRecord record = pinned();
        try (java.sql.Connection c = db.connection(); java.sql.Statement s = c.createStatement()) {
            // as version 8 stored it: the text of the whole hash, no digest
            assertEquals(1, s.executeUpdate("UPDATE record_hashes SET digest = NULL, hash = '"
                    + RecordHash.of(record, "ORG001") + "' WHERE business_key = '" + key(1) + "'"));
        }
        assertEquals(new RecordHashes.Written(RecordHash.digest(record, "ORG001"), "ORG1", null),
                leg.written(List.of(key(1))).get(key(1)));

        leg.remember(Map.of(key(1), new RecordHashes.Written(7L, "ORG1", null)), List.of(), java.util.Set.of(key(1)));
        assertEquals(new RecordHashes.Written(7L, "ORG1", null), leg.written(List.of(key(1))).get(key(1)));
        try (java.sql.Connection c = db.connection(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT hash, digest FROM record_hashes")) {
            assertTrue(rs.next());
            assertEquals(null, rs.getString(1), "the text goes when the row is next written");
            assertEquals(7L, rs.getLong(2));
        }
    }

    /**
     * The hash keeps the field order of the records it last saw: records with other fields, or the same fields in
     * another order, between them must hash as they would alone.
     */
    @Test
    void aRecordHashesTheSameWhateverWasHashedBefore() {
        org.ferry.api.data.EntityRecord pinned = pinned();
        org.ferry.api.data.EntityRecord reordered = org.ferry.api.data.EntityRecord.builder("Account")
                .key(org.ferry.api.data.BusinessKey.of("AccountId", "ACC-1"))
                .set("Since", org.ferry.api.data.Value.date(java.time.LocalDate.of(2024, 2, 29))).set("Phone", null)
                .text("AccountId", "ACC-1").set("CreditLimit", org.ferry.api.data.Value.decimal("1500.50"))
                .text("Name", "Zoë & Co").build();
        org.ferry.api.data.EntityRecord other = org.ferry.api.data.EntityRecord.builder("Account")
                .key(org.ferry.api.data.BusinessKey.of("AccountId", "ACC-2")).text("AccountId", "ACC-2")
                .text("Name", "Plain").build();
        String otherAlone = RecordHash.of(other, "ORG001");
        for (int i = 0; i < 3; i++) {
            assertEquals("9Za0GMVllCejm6nsSIysknKxPyqZi9TJKJmFYLjEByQ=", RecordHash.of(pinned, "ORG001"));
            assertEquals(otherAlone, RecordHash.of(other, "ORG001"));
            assertEquals("9Za0GMVllCejm6nsSIysknKxPyqZi9TJKJmFYLjEByQ=", RecordHash.of(reordered, "ORG001"));
            assertEquals("9Za0GMVllCejm6nsSIysknKxPyqZi9TJKJmFYLjEByQ=", RecordHash.of(reordered, "ORG001"));
        }
        assertNotEquals(otherAlone, RecordHash.of(pinned, "ORG001"));
    }

    /** The record whose hashes are pinned: text with a non-ASCII character, a decimal, a null, a date. */
    private static org.ferry.api.data.EntityRecord pinned() {
        return org.ferry.api.data.EntityRecord.builder("Account").key(org.ferry.api.data.BusinessKey.of("AccountId", "ACC-1"))
                .text("Name", "Zoë & Co").text("AccountId", "ACC-1").set("CreditLimit", org.ferry.api.data.Value.decimal("1500.50"))
                .set("Phone", null).set("Since", org.ferry.api.data.Value.date(java.time.LocalDate.of(2024, 2, 29)))
                .build();
    }

    /** Digests across the whole range of a BIGINT, the sign bit too. */
    private static long hash(int i) {
        return i * 0x9E3779B97F4A7C15L;
    }

    private static String key(int i) {
        return String.format("ACC-%06d", i);
    }
}
