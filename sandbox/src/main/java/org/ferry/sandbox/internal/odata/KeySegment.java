package org.ferry.sandbox.internal.odata;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ferry.sandbox.internal.data.Values;

/**
 * A resource path segment such as {@code accounts}, {@code accounts(<guid>)},
 * {@code accounts(accountnumber='ACC-001')} or {@code CustomersV3(dataAreaId='usmf',CustomerAccount='US-001')}.
 *
 * @param set       the entity set name
 * @param keys      named key values in URL order; empty for a collection
 * @param unnamed   the single unnamed key value ({@code accounts(<guid>)}), else null
 * @param hasKey    whether the segment addresses one entity
 */
public record KeySegment(String set, Map<String, Object> keys, Object unnamed, boolean hasKey) {

    public static KeySegment parse(String segment) throws FilterException {
        int open = segment.indexOf('(');
        if (open < 0) {
            return new KeySegment(segment, Map.of(), null, false);
        }
        if (!segment.endsWith(")")) {
            throw new FilterException("Bad Request - Error in query syntax.");
        }
        String set = segment.substring(0, open);
        String inner = segment.substring(open + 1, segment.length() - 1);
        Map<String, Object> keys = new LinkedHashMap<>();
        int i = 0;
        Object unnamed = null;
        while (i < inner.length()) {
            int eq = findEquals(inner, i);
            String name = null;
            if (eq >= 0) {
                name = inner.substring(i, eq).trim();
                i = eq + 1;
            }
            StringBuilder value = new StringBuilder();
            boolean quoted = false;
            if (i < inner.length() && inner.charAt(i) == '\'') {
                quoted = true;
                i++;
                while (true) {
                    if (i >= inner.length()) {
                        throw new FilterException("Bad Request - Error in query syntax: unterminated key value.");
                    }
                    char c = inner.charAt(i);
                    if (c == '\'') {
                        if (i + 1 < inner.length() && inner.charAt(i + 1) == '\'') {
                            value.append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    value.append(c);
                    i++;
                }
            } else {
                while (i < inner.length() && inner.charAt(i) != ',') {
                    value.append(inner.charAt(i++));
                }
            }
            Object v = quoted ? value.toString() : literal(value.toString().trim());
            if (name == null) {
                if (unnamed != null || !keys.isEmpty()) {
                    throw new FilterException("Bad Request - Error in query syntax.");
                }
                unnamed = v;
            } else {
                keys.put(name, v);
            }
            if (i < inner.length()) {
                if (inner.charAt(i) != ',') {
                    throw new FilterException("Bad Request - Error in query syntax.");
                }
                i++;
            }
        }
        return new KeySegment(set, keys, unnamed, true);
    }

    private static int findEquals(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '=') {
                return i;
            }
            if (c == '\'' || c == ',') {
                return -1;
            }
        }
        return -1;
    }

    private static Object literal(String text) throws FilterException {
        if (Values.isGuid(text)) {
            return text.toLowerCase(java.util.Locale.ROOT);
        }
        if (text.equals("true") || text.equals("false")) {
            return Boolean.valueOf(text);
        }
        try {
            return Filter.number(text);
        } catch (NumberFormatException e) {
            throw new FilterException("Bad Request - Error in query syntax: '" + text + "' is not a key value.");
        }
    }
}
