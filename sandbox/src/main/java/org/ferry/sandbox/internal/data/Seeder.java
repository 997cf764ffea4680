package org.ferry.sandbox.internal.data;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.UUID;

/**
 * Deterministic building blocks for seed data: GUIDs, timestamps and codes drawn from one seeded
 * random source, and rows filled by column name.
 */
public final class Seeder {
    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final Instant EPOCH = Instant.parse("2024-01-02T08:00:00Z");

    private final Random random;
    private long tick;

    public Seeder(long seed) {
        this.random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    /** A random (version 4 shaped) GUID from the seeded source. */
    public String guid() {
        long msb = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** Successive timestamps a minute apart, so seeded rows have distinct, ordered modification times. */
    public String nextTimestamp() {
        return Values.format(EPOCH.plus(tick++, ChronoUnit.MINUTES));
    }

    /** The P2C suffix shape: six upper-case letters (ACC-01000-BVRCPS). */
    public String suffix() {
        char[] c = new char[6];
        for (int i = 0; i < c.length; i++) {
            c[i] = LETTERS.charAt(random.nextInt(LETTERS.length()));
        }
        return new String(c);
    }

    public BigDecimal money(int min, int max) {
        return BigDecimal.valueOf(min * 100L + random.nextInt((max - min) * 100 + 1), 2);
    }

    public <T> T pick(T[] options) {
        return options[random.nextInt(options.length)];
    }

    /** A row for a schema, filled by column name; unknown names fail fast so seeds match the model. */
    public static final class RowBuilder {
        private final EntitySchema schema;
        private final Object[] values;

        public RowBuilder(EntitySchema schema) {
            this.schema = schema;
            this.values = new Object[schema.fields().size()];
        }

        public RowBuilder set(String field, Object value) {
            Object v = value;
            if (v instanceof Integer i) {
                v = i.longValue();
            }
            values[schema.indexOf(field)] = v;
            return this;
        }

        public Object get(String field) {
            return values[schema.indexOf(field)];
        }

        public Object[] values() {
            return values;
        }
    }
}
