package com.example.ferry.csv.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ConnectorConfig;
import org.ferry.api.connector.WriteOutcome.Status;
import org.ferry.api.data.EntityRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rewrites replace the file in one step, and concurrent writers of one file lose nothing. */
class AtomicRewriteTest {
    @TempDir
    Path dir;

    private final CsvConnectorFactory factory = new CsvConnectorFactory();

    private Connection open() {
        return factory.open(ConnectorConfig.of(Map.of("directory", dir.toString(), "entities",
                CsvConnectionTest.CUSTOMERS)), new CsvConnectionTest.TestContext(dir));
    }

    @Test
    void readersNeverSeeAPartialFile() throws Exception {
        Connection c = open();
        Path file = dir.resolve("customers.csv");
        String header = "CustomerAccount,Name,CreditLimit,Since,Active,Visits,SeenAt";
        // Long values make each rewrite span several writes, so a non-atomic rewrite would be caught.
        String padding = "x".repeat(2000);
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> writer = pool.submit(() -> {
                for (int i = 0; i < 150; i++) {
                    List<EntityRecord> batch = List.of(CsvConnectionTest.customer("C" + i, padding + i, "1"));
                    assertEquals(Status.INSERTED, c.upsert("customers", null, batch).get(0).status());
                }
                writing.set(false);
                return null;
            });
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    int checks = 0;
                    int lastRows = 0;
                    while (writing.get()) {
                        String text;
                        try {
                            text = Files.readString(file, StandardCharsets.UTF_8);
                        } catch (NoSuchFileException e) {
                            continue; // before the first write
                        }
                        String[] lines = text.split("\r\n", -1);
                        assertEquals(header, lines[0]);
                        assertEquals("", lines[lines.length - 1], "the file ends with a complete row");
                        for (int i = 1; i < lines.length - 1; i++) {
                            assertEquals("C" + (i - 1) + "," + padding + (i - 1) + ",1.00,,,,", lines[i]);
                        }
                        assertTrue(lines.length - 2 >= lastRows, "rows never go missing");
                        lastRows = lines.length - 2;
                        checks++;
                    }
                    return checks;
                }));
            }
            writer.get(60, TimeUnit.SECONDS);
            for (Future<Integer> reader : readers) {
                assertTrue(reader.get(60, TimeUnit.SECONDS) > 0);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(150, CsvConnectionTest.readAll(c, "customers", 40).size());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void concurrentWritersThroughTwoConnectionsLoseNoRecords() throws Exception {
        Connection first = open();
        Connection second = open();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                Connection c = w % 2 == 0 ? first : second;
                String prefix = "W" + w + "-";
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        c.upsert("customers", null, List.of(CsvConnectionTest.customer(prefix + i, "n", "1")));
                    }
                    return null;
                }));
            }
            for (Future<?> w : writers) {
                w.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<EntityRecord> all = CsvConnectionTest.readAll(first, "customers", 100);
        Set<String> keys = new HashSet<>();
        all.forEach(r -> keys.add(r.key().asText()));
        assertEquals(160, all.size());
        assertEquals(160, keys.size());
    }
}
