package org.ferry.connectors.common.odata;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads back the text {@link org.ferry.api.data.BusinessKey#asText()} writes: one field's value as is; the values
 * of several joined by {@code |}, with {@code |} and {@code \} escaped by {@code \}. Connectors meet that text
 * where a key travels as one string: a record id built from its key, a reference by id.
 */
public final class KeyText {
    private KeyText() {
    }

    /** @return the values of a key of {@code count} fields, or {@code null} if the text holds another number */
    public static List<String> split(String text, int count) {
        if (count == 1) {
            return List.of(text);
        }
        List<String> values = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                current.append(text.charAt(++i));
            } else if (c == '|') {
                values.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        values.add(current.toString());
        return values.size() == count ? values : null;
    }
}
