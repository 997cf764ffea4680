package org.ferry.sandbox.internal.odata;

import java.util.ArrayList;
import java.util.List;

/** One $orderby term. */
public record OrderBy(String property, boolean descending) {

    public static List<OrderBy> parse(String text) throws FilterException {
        List<OrderBy> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(",")) {
            String[] words = part.trim().split("\\s+");
            if (words.length == 0 || words[0].isEmpty() || words.length > 2) {
                throw new FilterException("Syntax error in $orderby: '" + part.trim() + "'.");
            }
            boolean desc = false;
            if (words.length == 2) {
                if (words[1].equalsIgnoreCase("desc")) {
                    desc = true;
                } else if (!words[1].equalsIgnoreCase("asc")) {
                    throw new FilterException("Syntax error in $orderby: '" + part.trim() + "'.");
                }
            }
            out.add(new OrderBy(words[0], desc));
        }
        return out;
    }

    /** Compares two property values the way $filter does (case-insensitive strings, nulls first). */
    public static int compareValues(Object a, Object b) {
        return FilterValues.compare(a, b);
    }
}
