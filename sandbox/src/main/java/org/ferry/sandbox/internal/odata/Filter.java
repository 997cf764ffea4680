package org.ferry.sandbox.internal.odata;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** A parsed $filter expression, evaluated against one row through a property resolver. */
public sealed interface Filter {

    /** Evaluates to a value: String, Long, BigDecimal, Boolean or null. */
    Object eval(Function<String, Object> properties, FilterDialect dialect);

    default boolean test(Function<String, Object> properties, FilterDialect dialect) {
        return Boolean.TRUE.equals(eval(properties, dialect));
    }

    /** Every property path the expression reads, so callers can reject unknown names up front. */
    void collectProperties(Set<String> into);

    record Literal(Object value) implements Filter {
        public Object eval(Function<String, Object> p, FilterDialect d) {
            return value;
        }

        public void collectProperties(Set<String> into) {
        }
    }

    /**
     * A typed literal naming an enum member, {@code Microsoft.Dynamics.DataEntities.NoYes'Yes'}; it evaluates to the
     * member's name, the form enums are stored and sent in.
     *
     * @param type the qualified enum type as written
     */
    record EnumLiteral(String type, String member) implements Filter {
        public Object eval(Function<String, Object> p, FilterDialect d) {
            return member;
        }

        public void collectProperties(Set<String> into) {
        }
    }

    record Property(String path) implements Filter {
        public Object eval(Function<String, Object> p, FilterDialect d) {
            return p.apply(path);
        }

        public void collectProperties(Set<String> into) {
            into.add(path);
        }
    }

    record Not(Filter operand) implements Filter {
        public Object eval(Function<String, Object> p, FilterDialect d) {
            Object v = operand.eval(p, d);
            return v == null ? null : !Boolean.TRUE.equals(v);
        }

        public void collectProperties(Set<String> into) {
            operand.collectProperties(into);
        }
    }

    record Binary(String op, Filter left, Filter right) implements Filter {
        public Object eval(Function<String, Object> p, FilterDialect d) {
            if (op.equals("and")) {
                return left.test(p, d) && right.test(p, d);
            }
            if (op.equals("or")) {
                return left.test(p, d) || right.test(p, d);
            }
            Object l = left.eval(p, d);
            Object r = right.eval(p, d);
            return switch (op) {
                case "eq" -> FilterValues.equal(l, r, d);
                case "ne" -> !FilterValues.equal(l, r, d);
                case "gt" -> FilterValues.compare(l, r) > 0;
                case "ge" -> FilterValues.compare(l, r) >= 0 && l != null && r != null;
                case "lt" -> FilterValues.compare(l, r) < 0;
                case "le" -> FilterValues.compare(l, r) <= 0 && l != null && r != null;
                default -> FilterValues.arithmetic(op, l, r);
            };
        }

        public void collectProperties(Set<String> into) {
            left.collectProperties(into);
            right.collectProperties(into);
        }
    }

    record Call(String function, List<Filter> args) implements Filter {
        public Object eval(Function<String, Object> p, FilterDialect d) {
            Object a = args.get(0).eval(p, d);
            Object b = args.size() > 1 ? args.get(1).eval(p, d) : null;
            return switch (function) {
                case "contains" -> a != null && b != null && FilterValues.lower(a).contains(FilterValues.lower(b));
                case "startswith" -> a != null && b != null && FilterValues.lower(a).startsWith(FilterValues.lower(b));
                case "endswith" -> a != null && b != null && FilterValues.lower(a).endsWith(FilterValues.lower(b));
                case "tolower" -> a == null ? null : FilterValues.lower(a);
                case "toupper" -> a == null ? null : a.toString().toUpperCase(java.util.Locale.ROOT);
                case "trim" -> a == null ? null : a.toString().trim();
                case "length" -> a == null ? null : (long) a.toString().length();
                default -> throw new IllegalStateException(function);
            };
        }

        public void collectProperties(Set<String> into) {
            args.forEach(a -> a.collectProperties(into));
        }
    }

    /** Numeric literal helper so callers need not know the stored number types. */
    static Object number(String text) {
        if (text.contains(".") || text.contains("e") || text.contains("E")) {
            return new BigDecimal(text).stripTrailingZeros();
        }
        return Long.parseLong(text);
    }
}
