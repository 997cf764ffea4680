package org.ferry.connectors.cds.internal;

import static org.ferry.api.connector.WriteOutcome.Status.INSERTED;
import static org.ferry.api.connector.WriteOutcome.Status.UNCHANGED;
import static org.ferry.api.connector.WriteOutcome.Status.UPDATED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.organization.OrganizationUnit;
import org.ferry.connectors.cds.internal.store.Environment;
import org.ferry.connectors.cds.internal.store.KeyFilter;
import org.ferry.connectors.cds.internal.write.UpsertWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filter of the keys a table may hold (embedded environments only, so on Derby whatever store the other tests
 * run on): writes whose keys arrive in no order find every stored row with it, and a key that reached the table
 * past it costs a redone transaction, not a failed or doubled record.
 */
class KeyFilterTest {
    @TempDir
    Path dir;
    Hub hub;
    Connection c;
    KeyFilter filter;

    @BeforeEach
    void open() {
        hub = new Hub(dir, new CdsConnectorFactory(dir));
        c = hub.open();
        Environment env = hub.factory.environment("test");
        filter = env.keyFilter(env.catalogue().get("Account"));
    }

    @AfterEach
    void close() {
        c.close();
        hub.close();
    }

    @Test
    void findsEveryStoredKeyOfBatchesInNoOrder() {
        List<String> keys = shuffled(IntStream.range(0, 2000).mapToObj(i -> String.format("K-%05d", i)).toList());
        for (int from = 0; from < keys.size(); from += 250) {
            assertEquals(Collections.nCopies(250, INSERTED), statuses(write(keys.subList(from, from + 250), "First")));
        }
        assertTrue(filter.ready(), "built by a batch that found fewer than half of its keys stored");
        // half stored (renamed), half new, in one batch in no order
        List<String> mixed = new ArrayList<>(keys.subList(0, 125));
        mixed.addAll(IntStream.range(5000, 5125).mapToObj(i -> String.format("K-%05d", i)).toList());
        mixed = shuffled(mixed);
        List<WriteOutcome> outcomes = write(mixed, "Second");
        for (int i = 0; i < mixed.size(); i++) {
            assertEquals(mixed.get(i).compareTo("K-05000") < 0 ? UPDATED : INSERTED, outcomes.get(i).status(), mixed.get(i));
        }
        assertEquals(Collections.nCopies(250, UNCHANGED), statuses(write(mixed, "Second")));
        assertEquals(keys.subList(0, 300), filter.mayHold("ORG001", keys.subList(0, 300)), "never absent for a stored key");
        List<String> never = IntStream.range(0, 10_000).mapToObj(i -> "N-" + i).toList();
        int falsePositives = filter.mayHold("ORG001", never).size();
        assertTrue(falsePositives < 300, falsePositives + " of 10,000 keys never written taken for stored");
    }

    @Test
    void aKeyWrittenPastTheFilterIsFoundByTheRedoneTransaction() throws Exception {
        List<String> keys = shuffled(IntStream.range(0, 600).mapToObj(i -> String.format("K-%05d", i)).toList());
        for (int from = 0; from < keys.size(); from += 200) {
            write(keys.subList(from, from + 200), "First");
        }
        assertTrue(filter.ready());
        // another environment over the same database: its writes are not reported to this one's filter
        Environment env = hub.factory.environment("test");
        Environment past = Environment.open("test", env.directory());
        List<WriteOutcome> sneaked = new UpsertWriter(past, past.catalogue().get("Account"))
                .upsert("ORG001", List.of(Hub.account("Z-1", "Sneaked")));
        assertEquals(INSERTED, sneaked.get(0).status());
        assertEquals(List.of(), filter.mayHold("ORG001", List.of("Z-1")), "the filter does not know the key");

        List<WriteOutcome> outcomes = c.upsert("Account", Hub.ORG1,
                List.of(Hub.account("Z-1", "Sneaked"), Hub.account("Z-2", "New")));
        assertEquals(List.of(UNCHANGED, INSERTED), statuses(outcomes));
        assertFalse(filter.ready(), "forgotten after the key race");
        write(IntStream.range(7000, 7200).mapToObj(i -> String.format("K-%05d", i)).toList(), "Third");
        assertTrue(filter.ready(), "built again by a batch that mostly inserts");
        assertEquals(List.of("Z-1", "Z-2"), filter.mayHold("ORG001", List.of("Z-1", "Z-2")));
    }

    @Test
    void keysHeldInAnotherOrganizationAreNotLookedUpForThisOne() {
        List<String> keys = shuffled(IntStream.range(0, 1000).mapToObj(i -> String.format("K-%05d", i)).toList());
        for (int from = 0; from < keys.size(); from += 250) {
            write(Hub.ORG2, keys.subList(from, from + 250), "Elsewhere");
        }
        assertTrue(filter.ready());
        assertEquals(keys, filter.mayHold("ORG002", keys));
        int taken = filter.mayHold("ORG001", keys).size();
        assertTrue(taken < 50, taken + " of 1,000 keys held only in ORG002 taken for held in ORG001");

        for (int from = 0; from < keys.size(); from += 250) {
            assertEquals(Collections.nCopies(250, INSERTED), statuses(write(Hub.ORG1, keys.subList(from, from + 250), "Here")));
        }
        assertEquals(keys, filter.mayHold("ORG001", keys), "never absent for a stored key");
        assertEquals(Collections.nCopies(250, UNCHANGED), statuses(write(Hub.ORG1, keys.subList(0, 250), "Here")));
        assertEquals(Collections.nCopies(250, UPDATED), statuses(write(Hub.ORG2, keys.subList(0, 250), "Moved")));
    }

    @Test
    void keysDifferingOnlyInTrailingSpacesShareTheirBits() {
        List<String> keys = shuffled(IntStream.range(0, 400).mapToObj(i -> "S-" + i).toList());
        write(keys.subList(0, 200), "Spaced"); // into an empty table: nothing to look up, nothing built
        write(keys.subList(200, 400), "Spaced");
        assertTrue(filter.ready());
        assertEquals(List.of("S-7  "), filter.mayHold("ORG001", List.of("S-7  ")), "Derby compares S-7 and 'S-7  ' equal");
    }

    private List<WriteOutcome> write(List<String> keys, String name) {
        return write(Hub.ORG1, keys, name);
    }

    private List<WriteOutcome> write(OrganizationUnit org, List<String> keys, String name) {
        List<EntityRecord> batch = keys.stream().map(k -> Hub.account(k, name + " " + k.strip())).toList();
        return c.upsert("Account", org, batch);
    }

    private static List<String> shuffled(List<String> keys) {
        List<String> copy = new ArrayList<>(keys);
        Collections.shuffle(copy, new Random(42));
        return copy;
    }

    private static List<WriteOutcome.Status> statuses(List<WriteOutcome> outcomes) {
        return outcomes.stream().map(WriteOutcome::status).toList();
    }
}
