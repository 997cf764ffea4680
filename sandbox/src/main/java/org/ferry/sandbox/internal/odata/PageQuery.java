package org.ferry.sandbox.internal.odata;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiFunction;
import org.ferry.sandbox.internal.data.EntityTable;
import org.ferry.sandbox.internal.data.Row;

/**
 * Reads one page of a filtered, optionally ordered entity set. The position of a page is the sort
 * tuple of its last row (plus the primary key as tie-breaker), never an offset: rows inserted or
 * updated while a client pages are then seen at most twice and never skipped.
 */
public final class PageQuery {
    private final EntityTable table;
    private final Filter filter;
    private final FilterDialect dialect;
    private final List<OrderBy> orderBy;
    private final BiFunction<Row, String, Object> properties;

    /** A page of rows; {@code position} is null when no rows follow. */
    public record Page(List<Row> rows, String position) {
    }

    public PageQuery(EntityTable table, Filter filter, FilterDialect dialect, List<OrderBy> orderBy,
                     BiFunction<Row, String, Object> properties) {
        this.table = table;
        this.filter = filter;
        this.dialect = dialect;
        this.orderBy = orderBy;
        this.properties = properties;
    }

    public boolean matches(Row row) {
        return filter == null || filter.test(p -> properties.apply(row, p), dialect);
    }

    public long count() {
        long n = 0;
        for (Row r : candidates(null)) {
            if (matches(r)) {
                n++;
            }
        }
        return n;
    }

    /**
     * @param after    the position returned with the previous page, or null for the first page
     * @param skip     rows to skip before the page (F&O $skip; 0 for Dataverse)
     * @param pageSize maximum rows in this page
     */
    public Page read(String after, int skip, int pageSize) throws FilterException {
        if (pageSize <= 0) {
            return new Page(List.of(), null);
        }
        return orderBy.isEmpty() ? readByKey(after, skip, pageSize) : readSorted(after, skip, pageSize);
    }

    private Page readByKey(String after, int skip, int pageSize) {
        List<Row> out = new ArrayList<>();
        int skipped = 0;
        for (Row r : candidates(after)) {
            if (!matches(r)) {
                continue;
            }
            if (skipped < skip) {
                skipped++;
                continue;
            }
            if (out.size() == pageSize) {
                return new Page(out, out.get(out.size() - 1).id());
            }
            out.add(r);
        }
        return new Page(out, null);
    }

    private Page readSorted(String after, int skip, int pageSize) throws FilterException {
        List<Object> position = after == null ? null : decodeTuple(after);
        Comparator<List<Object>> tupleOrder = this::compareTuples;
        List<List<Object>> candidates = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (Row r : candidates(null)) {
            if (!matches(r)) {
                continue;
            }
            List<Object> t = tuple(r);
            if (position != null && tupleOrder.compare(t, position) <= 0) {
                continue;
            }
            candidates.add(t);
            rows.add(r);
        }
        Integer[] idx = new Integer[rows.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, b) -> tupleOrder.compare(candidates.get(a), candidates.get(b)));
        List<Row> out = new ArrayList<>();
        int end = Math.min(idx.length, skip + pageSize);
        for (int i = skip; i < end; i++) {
            out.add(rows.get(idx[i]));
        }
        String next = end < idx.length && !out.isEmpty() ? encodeTuple(tuple(out.get(out.size() - 1))) : null;
        return new Page(out, next);
    }

    /**
     * The rows after {@code afterId} (by primary key) that may match: for a filter naming values of a one-field alternate
     * key ({@code accountnumber eq 'A' or accountnumber eq 'B'}), the rows its index holds, as the services' SQL
     * answers it through the key's unique index; otherwise every row. Each candidate is still tested against the whole
     * filter.
     */
    private Iterable<Row> candidates(String afterId) {
        java.util.Set<String> values = new java.util.LinkedHashSet<>();
        String field = keyedField(filter, values);
        if (field == null || !table.isAlternateKey(List.of(field))) {
            return table.rowsAfter(afterId);
        }
        java.util.TreeMap<String, Row> found = new java.util.TreeMap<>();
        for (String v : values) {
            Row r = table.findByAlternateKey(List.of(field), List.of(v));
            if (r != null && (afterId == null || r.id().compareTo(afterId) > 0)) {
                found.put(r.id(), r);
            }
        }
        return found.values();
    }

    /** @return the one property every branch compares for equality with a plain string, its values put in {@code into} */
    private String keyedField(Filter f, java.util.Set<String> into) {
        if (f instanceof Filter.Binary b && b.op().equals("or")) {
            String left = keyedField(b.left(), into);
            String right = left == null ? null : keyedField(b.right(), into);
            return left != null && left.equals(right) ? left : null;
        }
        if (f instanceof Filter.Binary b && b.op().equals("eq")) {
            Filter.Property p = b.left() instanceof Filter.Property l ? l : b.right() instanceof Filter.Property r ? r : null;
            Filter other = p == b.left() ? b.right() : b.left();
            if (p != null && other instanceof Filter.Literal lit && lit.value() instanceof String v
                    && !(dialect.wildcards() && v.indexOf('*') >= 0)) {
                into.add(v);
                return p.path();
            }
        }
        return null;
    }

    private List<Object> tuple(Row r) {
        List<Object> t = new ArrayList<>(orderBy.size() + 1);
        for (OrderBy o : orderBy) {
            t.add(properties.apply(r, o.property()));
        }
        t.add(r.id());
        return t;
    }

    private int compareTuples(List<Object> a, List<Object> b) {
        for (int i = 0; i < orderBy.size(); i++) {
            int c = FilterValues.compare(a.get(i), b.get(i));
            if (c != 0) {
                return orderBy.get(i).descending() ? -c : c;
            }
        }
        return ((String) a.get(orderBy.size())).compareTo((String) b.get(orderBy.size()));
    }

    private static String encodeTuple(List<Object> t) {
        StringBuilder sb = new StringBuilder();
        for (Object o : t) {
            String part = switch (o) {
                case null -> "0";
                case Boolean b -> "b" + b;
                case Number n -> "n" + n;
                default -> "s" + o;
            };
            sb.append(part.replace("%", "%25").replace("\u0002", "%02")).append('\u0002');
        }
        return sb.toString();
    }

    private static List<Object> decodeTuple(String s) throws FilterException {
        List<Object> out = new ArrayList<>();
        for (String part : s.split("\u0002")) {
            String p = part.replace("%02", "\u0002").replace("%25", "%");
            if (p.isEmpty()) {
                throw new FilterException("The $skiptoken value is not valid.");
            }
            out.add(switch (p.charAt(0)) {
                case '0' -> null;
                case 'b' -> Boolean.valueOf(p.substring(1));
                case 'n' -> new BigDecimal(p.substring(1));
                default -> p.substring(1);
            });
        }
        return out;
    }
}
