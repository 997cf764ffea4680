package org.ferry.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.RecordReader;
import org.ferry.api.data.EntityRecord;
import org.junit.jupiter.api.Test;

/** The harness's own pieces that a wrong figure would hide behind: the source's change tracking, percentiles. */
class GeneratedAccountsTest {
    @Test
    void aReadSinceTheLastCheckpointReturnsOnlyTheChangedRecords() {
        GeneratedAccounts source = new GeneratedAccounts(1_000);
        String[] checkpoint = new String[1];
        assertEquals(1_000, read(source, null, checkpoint).size());
        assertEquals(0, read(source, checkpoint[0], new String[1]).size(), "nothing changed");

        source.change(100);
        List<EntityRecord> changed = read(source, checkpoint[0], checkpoint);
        assertEquals(10, changed.size());
        assertEquals(source.changedCount(), changed.size());
        assertTrue(changed.stream().allMatch(r -> r.get("name").asText().endsWith("(rev 2)")));
        assertEquals(1_000, read(source, null, new String[1]).size(), "a full read still returns everything");
    }

    @Test
    void percentilesAreNearestRank() {
        long[] nanos = new long[100];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = (i + 1) * 1_000_000L;
        }
        assertEquals(99.0, ApiLoad.percentile(nanos, 0.99));
        assertEquals(50.0, ApiLoad.percentile(nanos, 0.50));
    }

    private static List<EntityRecord> read(GeneratedAccounts source, String since, String[] checkpoint) {
        List<EntityRecord> all = new ArrayList<>();
        try (RecordReader r = source.read(new ReadRequest(GeneratedAccounts.ENTITY, List.of(), null, since, null, 64))) {
            for (List<EntityRecord> page; (page = r.nextPage()) != null; ) {
                assertTrue(page.size() <= 64);
                all.addAll(page);
            }
            checkpoint[0] = r.checkpoint();
        }
        return all;
    }
}
