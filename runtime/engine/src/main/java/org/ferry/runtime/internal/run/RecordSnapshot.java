package org.ferry.runtime.internal.run;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.Value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A record as kept with a failure: its fields as text, in the record's order. Bounded, so that a run with a
 * million failures stays a reasonable table: each value is cut at {@value #MAX_VALUE} characters and the whole at
 * {@value #MAX_CHARS} characters of JSON (the fields that do not fit are counted under {@value #MORE}). A field whose
 * name says it holds a secret (password, secret, token, key material, credentials) is kept as {@value #MASK}: a
 * business system's record may carry one, and run history is readable by viewers.
 */
final class RecordSnapshot {
    static final int MAX_CHARS = 4000;
    static final int MAX_VALUE = 500;
    static final String MASK = "********";
    static final String MORE = "…";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Words that, in a field's name (any case, '_' and '-' ignored), say it holds a secret. */
    private static final List<String> SECRET_WORDS = List.of("passw", "pwd", "secret", "token", "apikey", "privatekey",
            "credential", "signature");

    private RecordSnapshot() {
    }

    /** @return the record's fields as text, secrets masked and long values cut; {@code null} for no record */
    static Map<String, String> of(EntityRecord record) {
        if (record == null) {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, Value> e : record.values().entrySet()) {
            Value v = e.getValue();
            String text = v == null ? null : secret(e.getKey()) ? MASK : cut(v.asText());
            fields.put(e.getKey(), text);
        }
        return fields;
    }

    /** @return the fields as a JSON object of at most {@link #MAX_CHARS} characters, or {@code null} */
    static String json(Map<String, String> fields) {
        if (fields == null) {
            return null;
        }
        ObjectNode node = JSON.createObjectNode();
        int size = 2;
        int left = fields.size();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            // quotes, colon and comma; escapes are checked below
            int entry = e.getKey().length() + (e.getValue() == null ? 4 : e.getValue().length() + 2) + 4;
            if (size + entry > MAX_CHARS - 40) {
                break;
            }
            node.put(e.getKey(), e.getValue());
            size += entry;
            left--;
        }
        if (left > 0) {
            node.put(MORE, left + " more field(s) not kept");
        }
        String text = write(node);
        while (text.length() > MAX_CHARS && node.size() > 1) {
            // escaped characters made it longer than counted: drop fields from the end until it fits
            Iterator<String> names = node.fieldNames();
            String last = null;
            while (names.hasNext()) {
                String n = names.next();
                if (!n.equals(MORE)) {
                    last = n;
                }
            }
            node.remove(last);
            node.put(MORE, ++left + " more field(s) not kept");
            text = write(node);
        }
        return text;
    }

    /** @return the fields of a stored snapshot, or {@code null} */
    static Map<String, String> parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            Map<String, String> fields = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : JSON.readTree(json).properties()) {
                fields.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
            }
            return fields;
        } catch (IOException e) {
            return Map.of(MORE, "the stored record could not be read");
        }
    }

    static boolean secret(String field) {
        String name = field.toLowerCase(java.util.Locale.ROOT).replace("_", "").replace("-", "");
        for (String word : SECRET_WORDS) {
            if (name.contains(word)) {
                return true;
            }
        }
        return false;
    }

    private static String cut(String text) {
        return text.length() <= MAX_VALUE ? text : text.substring(0, MAX_VALUE - 1) + "…";
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
