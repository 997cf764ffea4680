package com.example.ferry.csv.internal;

import java.nio.charset.CharsetEncoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.Value;

/**
 * Applies one batch of upserts or deletes to a {@link CsvTable} by business key and says what happened to
 * each record. One instance per batch, used under the file's lock; not thread-safe.
 *
 * <p>Rows are matched by the canonical text of their key cells ({@code 007} and {@code 7} are the same
 * integer key). A record is checked completely before any of it is applied, so a failed record leaves its
 * row untouched while the rest of the batch goes on.
 */
final class TableUpdater {
    private final CsvTable table;
    private final EntityDeclaration declaration;
    private final CharsetEncoder encoder;
    private final Map<String, String[]> rowsByKey = new HashMap<>();
    private boolean changed;

    /** @param encoder the file encoding's encoder, to refuse characters the file cannot hold */
    TableUpdater(CsvTable table, EntityDeclaration declaration, CharsetEncoder encoder) {
        this.table = table;
        this.declaration = declaration;
        this.encoder = encoder;
        for (String name : declaration.fieldNames()) {
            // Declared fields missing from an existing file become new columns on the next rewrite.
            table.column(name);
        }
        for (String[] row : table.rows()) {
            rowsByKey.putIfAbsent(keyOf(row), row);
        }
    }

    /** @return whether the table differs from the file and must be written */
    boolean changed() {
        return changed;
    }

    List<WriteOutcome> upsert(List<EntityRecord> records) {
        List<WriteOutcome> outcomes = new ArrayList<>(records.size());
        for (EntityRecord record : records) {
            outcomes.add(upsert(record));
        }
        return outcomes;
    }

    List<WriteOutcome> delete(List<BusinessKey> keys) {
        List<WriteOutcome> outcomes = new ArrayList<>(keys.size());
        for (BusinessKey key : keys) {
            Map<String, String> cells = new LinkedHashMap<>();
            WriteOutcome failure = keyCells(key, cells);
            if (failure != null) {
                outcomes.add(failure);
                continue;
            }
            String text = String.join("\u0000", cells.values());
            if (rowsByKey.remove(text) != null) {
                // Remove every row with the key: a hand-edited file may repeat one.
                table.rows().removeIf(row -> keyOf(row).equals(text));
                changed = true;
            }
            outcomes.add(WriteOutcome.deleted(key));
        }
        return outcomes;
    }

    private WriteOutcome upsert(EntityRecord record) {
        BusinessKey key = record.key();
        Map<String, String> cells = new LinkedHashMap<>();
        WriteOutcome failure = keyCells(key, cells);
        if (failure != null) {
            return failure;
        }
        for (Map.Entry<String, Value> e : record.values().entrySet()) {
            String name = e.getKey();
            if (declaration.key().contains(name)) {
                continue; // the key decides which row; the key's own value is what is written
            }
            DeclaredField field = declaration.field(name).orElse(null);
            if (field == null) {
                return WriteOutcome.failed(key, name, "'" + name + "' is not a declared field of '"
                        + declaration.name() + "' (declared: " + String.join(", ", declaration.fieldNames()) + ")");
            }
            try {
                cells.put(name, encodable(field.write(e.getValue())));
            } catch (IllegalArgumentException ex) {
                return WriteOutcome.failed(key, name, ex.getMessage());
            }
        }
        String[] row = rowsByKey.get(String.join("\u0000", keyValues(cells)));
        if (row == null) {
            row = table.append();
            set(row, cells);
            rowsByKey.put(keyOf(row), row);
            changed = true;
            return WriteOutcome.inserted(key);
        }
        boolean same = true;
        for (Map.Entry<String, String> cell : cells.entrySet()) {
            int column = table.column(cell.getKey());
            DeclaredField field = declaration.field(cell.getKey()).orElseThrow();
            same &= field.canonical(row[column]).equals(cell.getValue());
        }
        if (same) {
            return WriteOutcome.unchanged(key);
        }
        set(row, cells);
        changed = true;
        return WriteOutcome.updated(key);
    }

    /**
     * Puts the key's cells, in canonical form and declaration order, into {@code cells}.
     *
     * @return a failed outcome if the key is missing, incomplete or does not fit its fields; else {@code null}
     */
    private WriteOutcome keyCells(BusinessKey key, Map<String, String> cells) {
        if (key == null) {
            return WriteOutcome.failed(null, null, "the record has no business key");
        }
        for (String name : declaration.key()) {
            String text = key.get(name);
            if (text == null) {
                return WriteOutcome.failed(key, name, "the business key has no value for '" + name
                        + "'; the key of '" + declaration.name() + "' is " + String.join(" + ", declaration.key()));
            }
            try {
                String cell = encodable(declaration.field(name).orElseThrow().write(Value.text(text)));
                if (cell.isEmpty()) {
                    return WriteOutcome.failed(key, name, "the business key value for '" + name + "' is empty");
                }
                cells.put(name, cell);
            } catch (IllegalArgumentException e) {
                return WriteOutcome.failed(key, name, e.getMessage());
            }
        }
        return null;
    }

    private String encodable(String cell) {
        if (!encoder.canEncode(cell)) {
            throw new IllegalArgumentException("'" + cell + "' has characters " + encoder.charset().name()
                    + " cannot store");
        }
        return cell;
    }

    private List<String> keyValues(Map<String, String> cells) {
        return declaration.key().stream().map(cells::get).toList();
    }

    private void set(String[] row, Map<String, String> cells) {
        cells.forEach((name, value) -> row[table.column(name)] = value);
    }

    private String keyOf(String[] row) {
        List<String> values = new ArrayList<>();
        for (String name : declaration.key()) {
            DeclaredField field = declaration.field(name).orElseThrow();
            values.add(field.canonical(row[table.column(name)]));
        }
        return String.join("\u0000", values);
    }
}
