package org.ferry.sandbox.internal.dataverse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ferry.sandbox.internal.data.EntitySchema;
import org.ferry.sandbox.internal.data.EntityTable;
import org.ferry.sandbox.internal.data.Lookup;
import org.ferry.sandbox.internal.data.Row;
import org.ferry.sandbox.internal.http.ApiException;

/**
 * {@code $expand} of single-valued navigation properties (lookups), optionally with a nested
 * {@code $select}: {@code $expand=parentcustomerid_account($select=accountnumber)}. Collection-valued
 * navigation properties are not modelled by the sandbox.
 */
final class DataverseExpand {
    private record Item(String navigation, Lookup lookup, EntityTable target, Set<String> select) {
    }

    private final List<Item> items;
    private final DataverseRows rows;

    private DataverseExpand(List<Item> items, DataverseRows rows) {
        this.items = items;
        this.rows = rows;
    }

    static DataverseExpand parse(DataverseRows rows, EntitySchema s, String text) throws ApiException {
        List<Item> items = new ArrayList<>();
        if (text != null && !text.isBlank()) {
            for (String part : splitTopLevel(text)) {
                String p = part.trim();
                int open = p.indexOf('(');
                String nav = open < 0 ? p : p.substring(0, open).trim();
                Lookup l = s.lookupByNavigation(nav);
                if (l == null) {
                    throw ApiException.badRequest("Could not find a property named '" + nav + "' on type '"
                            + DataverseRows.typeName(s) + "'.");
                }
                EntityTable target = rows.table(l.targets().get(nav));
                Set<String> select = new LinkedHashSet<>();
                if (open >= 0) {
                    if (!p.endsWith(")")) {
                        throw ApiException.badRequest("Syntax error in $expand: '" + p + "'.");
                    }
                    for (String option : p.substring(open + 1, p.length() - 1).split(";")) {
                        String o = option.trim();
                        if (!o.startsWith("$select=")) {
                            throw ApiException.badRequest("The sandbox supports only $select inside $expand: '" + o + "'.");
                        }
                        for (String f : o.substring(8).split(",")) {
                            rows.checkProperty(target.schema(), f.trim());
                            select.add(f.trim());
                        }
                    }
                }
                items.add(new Item(nav, l, target, select));
            }
        }
        return new DataverseExpand(items, rows);
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    /** The context suffix part, e.g. {@code parentcustomerid_account(accountnumber)}. */
    List<String> contextParts() {
        List<String> out = new ArrayList<>();
        for (Item i : items) {
            out.add(i.navigation() + "(" + String.join(",", i.select()) + ")");
        }
        return out;
    }

    void apply(EntitySchema s, Row row, ObjectNode json) {
        for (Item i : items) {
            Object id = row.get(s, i.lookup().valueColumn());
            Row related = id == null ? null : i.target().get((String) id);
            if (related == null) {
                json.putNull(i.navigation());
            } else {
                json.set(i.navigation(), rows.toJson(i.target().schema(), related, i.select(), false));
            }
        }
    }

    private static List<String> splitTopLevel(String text) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(text.substring(start, i));
                start = i + 1;
            }
        }
        out.add(text.substring(start));
        return out;
    }
}
