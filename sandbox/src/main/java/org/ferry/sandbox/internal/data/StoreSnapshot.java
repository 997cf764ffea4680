package org.ferry.sandbox.internal.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Saves a store to a file and loads it back, so the sandbox inside the server meets the records it wrote
 * before a restart, as a cloud service would: versions (and with them delta tokens) and number sequences
 * survive. A compact tagged binary format of our own: the store holds only strings, longs, decimals and
 * booleans, and a schema change simply starts over from the seed (the file names its format version).
 */
public final class StoreSnapshot {
    private static final int FORMAT = 1;

    private StoreSnapshot() {
    }

    /** Writes the store atomically: a crash while saving leaves the previous file. */
    public static void save(Store store, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream raw = Files.newOutputStream(tmp);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(raw), 1 << 16))) {
            out.writeInt(FORMAT);
            out.writeLong(store.currentVersion());
            Map<String, AtomicLong> counters = store.counters();
            out.writeInt(counters.size());
            for (Map.Entry<String, AtomicLong> c : counters.entrySet()) {
                out.writeUTF(c.getKey());
                out.writeLong(c.getValue().get());
            }
            out.writeInt(store.tables().size());
            for (EntityTable table : store.tables()) {
                EntitySchema s = table.schema();
                out.writeUTF(s.setName());
                out.writeInt(s.fields().size());
                for (Field f : s.fields()) {
                    out.writeUTF(f.name());
                }
                for (Row r : table.allRows()) {
                    out.writeBoolean(true);
                    out.writeUTF(r.id());
                    out.writeLong(r.version());
                    out.writeBoolean(r.deleted());
                    for (int i = 0; i < s.fields().size(); i++) {
                        writeValue(out, r.get(i));
                    }
                }
                out.writeBoolean(false);
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Loads a saved store into an empty one of the same schema.
     *
     * @return false when the file is of another format or shape (the caller seeds afresh instead)
     */
    public static boolean load(Store store, Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw), 1 << 16))) {
            if (in.readInt() != FORMAT) {
                return false;
            }
            long clock = in.readLong();
            long newest = clock;
            int counters = in.readInt();
            for (int i = 0; i < counters; i++) {
                String name = in.readUTF();
                long value = in.readLong();
                store.counter(name, () -> value).set(value);
            }
            int tables = in.readInt();
            for (int t = 0; t < tables; t++) {
                EntityTable table = store.table(in.readUTF());
                int fields = in.readInt();
                if (table == null || fields != table.schema().fields().size()) {
                    return false;
                }
                for (int i = 0; i < fields; i++) {
                    if (!in.readUTF().equals(table.schema().fields().get(i).name())) {
                        return false;
                    }
                }
                while (in.readBoolean()) {
                    String id = in.readUTF();
                    long version = in.readLong();
                    boolean deleted = in.readBoolean();
                    Object[] values = new Object[fields];
                    for (int i = 0; i < fields; i++) {
                        values[i] = readValue(in);
                    }
                    table.restore(id, values, version, deleted);
                    newest = Math.max(newest, version);
                }
            }
            // rows written while the snapshot was taken may be newer than the clock it began with
            store.restoreClock(newest);
            return true;
        }
    }

    private static void writeValue(DataOutputStream out, Object v) throws IOException {
        switch (v) {
            case null -> out.writeByte(0);
            case String s -> {
                out.writeByte(1);
                byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.writeInt(b.length);
                out.write(b);
            }
            case Long l -> {
                out.writeByte(2);
                out.writeLong(l);
            }
            case BigDecimal d -> {
                out.writeByte(3);
                out.writeUTF(d.toString());
            }
            case Boolean b -> {
                out.writeByte(4);
                out.writeBoolean(b);
            }
            case Integer i -> {
                out.writeByte(5);
                out.writeInt(i);
            }
            default -> throw new IOException("cannot save a value of type " + v.getClass().getName());
        }
    }

    private static Object readValue(DataInputStream in) throws IOException {
        return switch (in.readByte()) {
            case 0 -> null;
            case 1 -> {
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                yield new String(b, java.nio.charset.StandardCharsets.UTF_8);
            }
            case 2 -> in.readLong();
            case 3 -> new BigDecimal(in.readUTF());
            case 4 -> in.readBoolean();
            case 5 -> in.readInt();
            default -> throw new IOException("the sandbox snapshot is damaged");
        };
    }
}
