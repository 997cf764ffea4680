package com.example.ferry.csv.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A whole CSV file in memory, for rewriting: the header and the rows, each row padded to the header's width.
 * Writes hold the file's lock (see {@link FileLocks}); the table itself is not thread-safe.
 *
 * <p>Loading everything keeps the rewrite simple and correct; it limits this example to files that fit in
 * memory (hundreds of thousands of rows), which is what file drops usually are.
 */
final class CsvTable {
    private final List<String> header;
    private final List<String[]> rows;
    private final boolean byteOrderMark;

    private CsvTable(List<String> header, List<String[]> rows, boolean byteOrderMark) {
        this.header = header;
        this.rows = rows;
        this.byteOrderMark = byteOrderMark;
    }

    /** An empty table, for a file that does not exist yet. */
    static CsvTable empty(List<String> header) {
        return new CsvTable(new ArrayList<>(header), new ArrayList<>(), false);
    }

    /**
     * @return the file's content, or {@code null} if there is no such file
     * @throws CsvParser.CsvFormatException if the file is not well-formed CSV with a header
     */
    static CsvTable load(Path file, Charset charset, char delimiter) throws IOException {
        try (CsvParser parser = new CsvParser(Files.newBufferedReader(file, charset), delimiter)) {
            List<String> header = readHeader(parser);
            List<String[]> rows = new ArrayList<>();
            for (List<String> row = parser.next(); row != null; row = parser.next()) {
                rows.add(pad(row, header.size(), parser.rowLine()));
            }
            return new CsvTable(header, rows, parser.byteOrderMark());
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Reads the header row: trimmed names, none blank or repeated. An empty file has no columns.
     */
    static List<String> readHeader(CsvParser parser) throws IOException {
        List<String> names = parser.next();
        List<String> header = new ArrayList<>();
        if (names == null) {
            return header;
        }
        for (String name : names) {
            String n = name.strip();
            if (n.isEmpty() || header.contains(n)) {
                throw new CsvParser.CsvFormatException("line " + parser.rowLine() + ": the header has "
                        + (n.isEmpty() ? "an empty column name" : "column '" + n + "' twice"));
            }
            header.add(n);
        }
        return header;
    }

    /** A short row is completed with empty values; a long one cannot be matched to columns and is an error. */
    static String[] pad(List<String> row, int width, int line) throws IOException {
        if (row.size() > width) {
            throw new CsvParser.CsvFormatException("line " + line + " has " + row.size()
                    + " values, the header has " + width + " columns");
        }
        String[] padded = row.toArray(new String[width]);
        Arrays.fill(padded, row.size(), width, "");
        return padded;
    }

    List<String> header() {
        return header;
    }

    List<String[]> rows() {
        return rows;
    }

    /** @return the column's index, adding the column (empty in every row) if the file lacks it */
    int column(String name) {
        int i = header.indexOf(name);
        if (i >= 0) {
            return i;
        }
        header.add(name);
        rows.replaceAll(row -> {
            String[] wider = Arrays.copyOf(row, header.size());
            wider[header.size() - 1] = "";
            return wider;
        });
        return header.size() - 1;
    }

    /** @return a new row of empty values, appended */
    String[] append() {
        String[] row = new String[header.size()];
        Arrays.fill(row, "");
        rows.add(row);
        return row;
    }

    /**
     * Replaces the file in one step, so that a reader (Ferry's, or whoever consumes the drop folder) sees
     * either the old file or the new one, never half of it: write a temporary file in the same folder (the
     * same file system, so the rename below can be atomic), force it to disk, then rename it over the file.
     * A crash leaves at most a stray {@code .*.tmp}, which is not a {@code .csv} and is never listed.
     */
    void writeAtomically(Path file, Charset charset, char delimiter) throws IOException {
        Path dir = file.getParent();
        Path tmp = dir.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 Writer out = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel),
                         charset.newEncoder()))) {
                if (byteOrderMark) {
                    out.write('\uFEFF');
                }
                CsvFormat.writeRow(out, header, delimiter);
                for (String[] row : rows) {
                    CsvFormat.writeRow(out, Arrays.asList(row), delimiter);
                }
                out.flush();
                channel.force(true);
            }
            keepPermissions(file, tmp);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Whoever else reads the folder must keep the access they had to the file we replace. */
    private static void keepPermissions(Path file, Path tmp) {
        try {
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
        } catch (IOException | UnsupportedOperationException e) {
            // A new file keeps the default permissions; a file system without POSIX permissions has none to keep.
        }
    }

    /** Makes the rename itself durable on POSIX systems; where directories cannot be opened this is skipped. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not supported on this platform (Windows); the rename is still atomic, only its durability is weaker.
        }
    }
}
