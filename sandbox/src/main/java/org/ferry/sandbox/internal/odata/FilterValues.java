package org.ferry.sandbox.internal.odata;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.regex.Pattern;

/** Comparison and arithmetic over the stored value kinds. */
final class FilterValues {
    private FilterValues() {
    }

    static String lower(Object o) {
        return o.toString().toLowerCase(Locale.ROOT);
    }

    static boolean equal(Object l, Object r, FilterDialect d) {
        if (l == null || r == null) {
            return l == r;
        }
        if (l instanceof Number && r instanceof Number) {
            return decimal(l).compareTo(decimal(r)) == 0;
        }
        if (l instanceof Boolean || r instanceof Boolean) {
            return l.equals(r);
        }
        String ls = l.toString();
        String rs = r.toString();
        if (d.wildcards() && rs.indexOf('*') >= 0) {
            return wildcard(rs).matcher(ls).matches();
        }
        return ls.equalsIgnoreCase(rs);
    }

    /** Orders values; null sorts first, as SQL Server does in ascending order. */
    static int compare(Object l, Object r) {
        if (l == null || r == null) {
            return l == null ? (r == null ? 0 : -1) : 1;
        }
        if (l instanceof Number && r instanceof Number) {
            return decimal(l).compareTo(decimal(r));
        }
        if (l instanceof Boolean lb && r instanceof Boolean rb) {
            return Boolean.compare(lb, rb);
        }
        return l.toString().compareToIgnoreCase(r.toString());
    }

    static Object arithmetic(String op, Object l, Object r) {
        if (!(l instanceof Number) || !(r instanceof Number)) {
            return null;
        }
        if (l instanceof Long a && r instanceof Long b && !op.equals("div")) {
            return switch (op) {
                case "add" -> a + b;
                case "sub" -> a - b;
                case "mul" -> a * b;
                case "divby" -> b == 0 ? null : a / b;
                case "mod" -> b == 0 ? null : a % b;
                default -> null;
            };
        }
        BigDecimal a = decimal(l);
        BigDecimal b = decimal(r);
        return switch (op) {
            case "add" -> a.add(b);
            case "sub" -> a.subtract(b);
            case "mul" -> a.multiply(b);
            case "div", "divby" -> b.signum() == 0 ? null : a.divide(b, MathContext.DECIMAL64);
            case "mod" -> b.signum() == 0 ? null : a.remainder(b);
            default -> null;
        };
    }

    private static BigDecimal decimal(Object n) {
        return n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
    }

    private static Pattern wildcard(String pattern) {
        StringBuilder sb = new StringBuilder();
        String[] parts = pattern.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                sb.append(".*");
            }
            sb.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(sb.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }
}
