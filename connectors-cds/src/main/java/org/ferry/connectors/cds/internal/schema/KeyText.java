package org.ferry.connectors.cds.internal.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * The canonical text of a business key, as {@link org.ferry.api.data.BusinessKey#asText()} writes it: the
 * value itself for one field; values joined by {@code |}, with {@code |} and {@code \} escaped by {@code \},
 * for several. The hub stores it in {@code _key} and in reference columns, so it must round-trip exactly.
 */
public final class KeyText {
    private KeyText() {
    }

    public static String join(List<String> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        StringBuilder text = new StringBuilder();
        for (String part : parts) {
            if (!text.isEmpty()) {
                text.append('|');
            }
            text.append(part.replace("\\", "\\\\").replace("|", "\\|"));
        }
        return text.toString();
    }

    /** @return the parts of a key of {@code count} fields, or {@code null} if the text has another number */
    public static List<String> split(String text, int count) {
        if (count == 1) {
            return List.of(text);
        }
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                part.append(text.charAt(++i));
            } else if (c == '|') {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts.size() == count ? parts : null;
    }
}
