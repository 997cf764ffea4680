package com.example.ferry.csv.internal;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ferry.api.connector.RecordReader;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.Value;
import org.ferry.api.error.ConnectorException;

/**
 * Reads one CSV file as pages of records, streaming: the file is opened on the first page and read one
 * page at a time. Used by one thread, as the SPI says; it shares nothing mutable with writers. A rewrite
 * during the read replaces the file by renaming, so this reader goes on reading the version it opened.
 *
 * <p>A cell that does not fit its declared type ends the read with a {@link ConnectorException} naming file,
 * line and field: the SPI has no way to hand a single unreadable record to the engine, and skipping it
 * silently would lose data.
 */
final class CsvRecordReader implements RecordReader {
    private final Path file;
    private final String entity;
    private final EntityDeclaration declaration;
    private final List<String> requested;
    private final CsvSettings settings;
    private final int pageSize;

    private CsvParser parser;
    /** Per column of the file: the field it is read as, or {@code null} to leave it out. */
    private DeclaredField[] columns;
    private boolean done;

    /**
     * @param declaration the entity's declaration, or {@code null} to read every column as text, without keys
     * @param requested   the fields to return; empty for all
     */
    CsvRecordReader(Path file, String entity, EntityDeclaration declaration, List<String> requested,
                    CsvSettings settings, int pageSize) {
        this.file = file;
        this.entity = entity;
        this.declaration = declaration;
        this.requested = List.copyOf(requested);
        this.settings = settings;
        this.pageSize = pageSize;
    }

    @Override
    public List<EntityRecord> nextPage() {
        if (done) {
            return null;
        }
        try {
            if (parser == null && !open()) {
                done = true;
                return null;
            }
            List<EntityRecord> page = new ArrayList<>(Math.min(pageSize, 1024));
            while (page.size() < pageSize) {
                List<String> row = parser.next();
                if (row == null) {
                    done = true;
                    close();
                    break;
                }
                page.add(record(CsvTable.pad(row, columns.length, parser.rowLine())));
            }
            return page.isEmpty() && done ? null : page;
        } catch (CharacterCodingException e) {
            throw new ConnectorException(file.getFileName() + " is not valid " + settings.charset().name()
                    + " text; set the connection's encoding", e);
        } catch (IOException e) {
            throw new ConnectorException("cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** @return {@code false} when the file does not exist: a declared entity before its first write */
    private boolean open() throws IOException {
        try {
            parser = new CsvParser(Files.newBufferedReader(file, settings.charset()), settings.delimiter());
        } catch (NoSuchFileException e) {
            return false;
        }
        List<String> header = CsvTable.readHeader(parser);
        columns = new DeclaredField[header.size()];
        for (int i = 0; i < columns.length; i++) {
            String name = header.get(i);
            DeclaredField field = declaration == null ? DeclaredField.untyped(name)
                    : declaration.field(name).orElse(null);
            boolean wanted = requested.isEmpty() || requested.contains(name)
                    || (declaration != null && declaration.key().contains(name));
            columns[i] = wanted ? field : null;
        }
        return true;
    }

    private EntityRecord record(String[] row) {
        EntityRecord.Builder b = EntityRecord.builder(entity);
        Map<String, String> key = new LinkedHashMap<>();
        for (int i = 0; i < columns.length; i++) {
            DeclaredField field = columns[i];
            if (field == null) {
                continue;
            }
            Value value;
            try {
                value = field.read(row[i]);
            } catch (IllegalArgumentException e) {
                throw new ConnectorException(file.getFileName() + " line " + parser.rowLine() + ", field '"
                        + field.name() + "': " + e.getMessage());
            }
            b.set(field.name(), value);
            if (value != null && declaration != null && declaration.key().contains(field.name())) {
                key.put(field.name(), value.asText());
            }
        }
        if (declaration != null && key.size() == declaration.key().size()) {
            // In declaration order, so keys compare equal to those the engine builds from the schema.
            Map<String, String> ordered = new LinkedHashMap<>();
            declaration.key().forEach(k -> ordered.put(k, key.get(k)));
            BusinessKey businessKey = BusinessKey.of(ordered);
            // A row has no identity in a file but its key: it is the source id too, so legs that match records
            // through a key map (targets that number records themselves) can read from files.
            b.key(businessKey).sourceId(businessKey.asText());
        }
        // A row with an empty key cell gets no key: the engine skips it and says why.
        return b.build();
    }

    /**
     * The file's rows, counted by a second, separate pass (quoted line breaks make lines no measure): the engine
     * asks once, for its progress bar. A file rewritten meanwhile may count differently from what this read returns.
     */
    @Override
    public java.util.OptionalLong estimatedTotal() {
        try (CsvParser counter = new CsvParser(Files.newBufferedReader(file, settings.charset()), settings.delimiter())) {
            CsvTable.readHeader(counter);
            long rows = 0;
            while (counter.next() != null) {
                rows++;
            }
            return java.util.OptionalLong.of(rows);
        } catch (IOException | RuntimeException e) {
            return java.util.OptionalLong.empty();
        }
    }

    /** Always {@code null}: files have no change tracking; the engine compares hashes instead. */
    @Override
    public String checkpoint() {
        return null;
    }

    @Override
    public void close() {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException e) {
                // Nothing was written; a failed close of a read-only file loses nothing.
            }
        }
    }
}
