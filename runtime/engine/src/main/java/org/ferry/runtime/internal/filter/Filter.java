package org.ferry.runtime.internal.filter;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import org.ferry.api.data.BooleanValue;
import org.ferry.api.data.DateTimeValue;
import org.ferry.api.data.DateValue;
import org.ferry.api.data.DecimalValue;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.data.IntegerValue;
import org.ferry.api.data.Value;
import org.ferry.runtime.internal.filter.FilterLexer.Kind;
import org.ferry.runtime.internal.filter.FilterLexer.Token;
import org.ferry.runtime.internal.mapping.SourcePath;

/**
 * An OData-style source filter ({@code statecode eq 0 and revenue gt 1000}), as the Data Integrator's
 * task source filters are written: comparisons {@code eq ne gt ge lt le}, {@code and or not},
 * parentheses, {@code contains startswith endswith}, strings in single quotes, numbers, {@code true},
 * {@code false}, {@code null}, ISO dates. Text compares without regard to case, as Dataverse does.
 * Fields are checked against the source entity, so a typo is reported where it is.
 */
public final class Filter implements Predicate<EntityRecord> {
    /** Longest filter accepted: far beyond any hand-written one, and bounded work for the parser. */
    public static final int MAX_LENGTH = 4000;
    /** Deepest nesting of parentheses and {@code not}: the parser recurses once per level. */
    public static final int MAX_DEPTH = 32;
    private static final Set<String> COMPARISONS = Set.of("eq", "ne", "gt", "ge", "lt", "le");
    private static final Set<String> FUNCTIONS = Set.of("contains", "startswith", "endswith");

    private final String text;
    private final Predicate<EntityRecord> predicate;

    private Filter(String text, Predicate<EntityRecord> predicate) {
        this.text = text;
        this.predicate = predicate;
    }

    /**
     * @param source the source entity, to check the fields against; {@code null} checks the syntax only (when a
     *               task is saved, before the source is asked for its schema)
     * @throws FilterException pointing at the token at fault
     */
    public static Filter parse(String text, EntitySchema source) {
        if (text.length() > MAX_LENGTH) {
            throw new FilterException(text, MAX_LENGTH, "the filter is longer than " + MAX_LENGTH + " characters");
        }
        Parser parser = new Parser(text, FilterLexer.tokens(text), source);
        Predicate<EntityRecord> predicate = parser.or();
        Token rest = parser.peek();
        if (rest.kind() != Kind.END) {
            throw new FilterException(text, rest.position(), "unexpected " + rest.shown() + ": expected 'and', 'or' or the end");
        }
        return new Filter(text, predicate);
    }

    @Override
    public boolean test(EntityRecord record) {
        return predicate.test(record);
    }

    @Override
    public String toString() {
        return text;
    }

    /** A recursive-descent parser; precedence: not, and, or. */
    private static final class Parser {
        private final String text;
        private final List<Token> tokens;
        private final EntitySchema schema;
        private int next;
        private int depth;

        Parser(String text, List<Token> tokens, EntitySchema schema) {
            this.text = text;
            this.tokens = tokens;
            this.schema = schema;
        }

        Token peek() {
            return tokens.get(next);
        }

        Token take() {
            return tokens.get(next++);
        }

        // a chain of 'or' (and of 'and') is one flat list, not nested Predicate.or calls: a long chain would
        // otherwise recurse once per term when a record is tested
        Predicate<EntityRecord> or() {
            List<Predicate<EntityRecord>> terms = new java.util.ArrayList<>(List.of(and()));
            while (peek().is("or")) {
                take();
                terms.add(and());
            }
            return terms.size() == 1 ? terms.get(0) : r -> terms.stream().anyMatch(t -> t.test(r));
        }

        Predicate<EntityRecord> and() {
            List<Predicate<EntityRecord>> terms = new java.util.ArrayList<>(List.of(not()));
            while (peek().is("and")) {
                take();
                terms.add(not());
            }
            return terms.size() == 1 ? terms.get(0) : r -> terms.stream().allMatch(t -> t.test(r));
        }

        Predicate<EntityRecord> not() {
            if (peek().is("not")) {
                Token t = take();
                enter(t);
                Predicate<EntityRecord> inner = not().negate();
                depth--;
                return inner;
            }
            return primary();
        }

        Predicate<EntityRecord> primary() {
            Token t = peek();
            if (t.kind() == Kind.OPEN) {
                take();
                enter(t);
                Predicate<EntityRecord> inner = or();
                expect(Kind.CLOSE, "')'");
                depth--;
                return inner;
            }
            if (t.kind() == Kind.WORD && FUNCTIONS.contains(t.text().toLowerCase(Locale.ROOT))
                    && tokens.get(next + 1).kind() == Kind.OPEN) {
                return function();
            }
            Operand left = operand();
            Token op = take();
            if (op.kind() != Kind.WORD || !COMPARISONS.contains(op.text().toLowerCase(Locale.ROOT))) {
                throw new FilterException(text, op.position(), "unexpected " + op.shown()
                        + ": expected a comparison (eq, ne, gt, ge, lt, le)");
            }
            Operand right = operand();
            String operator = op.text().toLowerCase(Locale.ROOT);
            return record -> compare(operator, left.value(record), right.value(record));
        }

        Predicate<EntityRecord> function() {
            String name = take().text().toLowerCase(Locale.ROOT);
            expect(Kind.OPEN, "'('");
            Operand field = operand();
            expect(Kind.COMMA, "','");
            Operand needle = operand();
            expect(Kind.CLOSE, "')'");
            return record -> {
                Value haystack = field.value(record);
                Value part = needle.value(record);
                if (haystack == null || part == null) {
                    return false;
                }
                String h = haystack.asText().toLowerCase(Locale.ROOT);
                String p = part.asText().toLowerCase(Locale.ROOT);
                return switch (name) {
                    case "contains" -> h.contains(p);
                    case "startswith" -> h.startsWith(p);
                    default -> h.endsWith(p);
                };
            };
        }

        Operand operand() {
            Token t = take();
            switch (t.kind()) {
                case STRING -> {
                    Value v = Value.text(t.text());
                    return r -> v;
                }
                case NUMBER -> {
                    Value v = literal(t);
                    return r -> v;
                }
                case WORD -> {
                    String word = t.text();
                    if (word.equalsIgnoreCase("null")) {
                        return r -> null;
                    }
                    if (word.equalsIgnoreCase("true") || word.equalsIgnoreCase("false")) {
                        Value v = Value.bool(Boolean.parseBoolean(word.toLowerCase(Locale.ROOT)));
                        return r -> v;
                    }
                    SourcePath path;
                    try {
                        path = SourcePath.parse(word.replace('/', '.'));
                    } catch (IllegalArgumentException e) {
                        throw new FilterException(text, t.position(), e.getMessage());
                    }
                    if (schema != null && schema.field(path.field()).isEmpty()) {
                        throw new FilterException(text, t.position(), "unknown field '" + path.field() + "' of "
                                + schema.name());
                    }
                    return path::read;
                }
                default -> throw new FilterException(text, t.position(), "unexpected " + t.shown()
                        + ": expected a field, a string in quotes, a number, true, false or null");
            }
        }

        private Value literal(Token t) {
            String s = t.text();
            try {
                if (s.length() >= 10 && s.charAt(4) == '-' && s.charAt(7) == '-') {
                    return s.length() == 10 ? Value.date(LocalDate.parse(s)) : Value.dateTime(OffsetDateTime.parse(s).toInstant());
                }
                return Value.decimal(new BigDecimal(s));
            } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
                throw new FilterException(text, t.position(), "'" + s + "' is neither a number nor an ISO date");
            }
        }

        private void enter(Token t) {
            if (++depth > MAX_DEPTH) {
                throw new FilterException(text, t.position(), "nested more than " + MAX_DEPTH + " levels deep");
            }
        }

        private void expect(Kind kind, String shown) {
            Token t = take();
            if (t.kind() != kind) {
                throw new FilterException(text, t.position(), "unexpected " + t.shown() + ": expected " + shown);
            }
        }
    }

    private interface Operand {
        Value value(EntityRecord record);
    }

    static boolean compare(String operator, Value a, Value b) {
        if (a == null || b == null) {
            boolean same = a == null && b == null;
            return switch (operator) {
                case "eq" -> same;
                case "ne" -> !same;
                default -> false;
            };
        }
        int c = order(a, b);
        return switch (operator) {
            case "eq" -> c == 0;
            case "ne" -> c != 0;
            case "gt" -> c > 0;
            case "ge" -> c >= 0;
            case "lt" -> c < 0;
            default -> c <= 0;
        };
    }

    private static int order(Value a, Value b) {
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        if (x != null && y != null) {
            return x.compareTo(y);
        }
        Instant i = instant(a);
        Instant j = instant(b);
        if (i != null && j != null) {
            return i.compareTo(j);
        }
        return a.asText().compareToIgnoreCase(b.asText());
    }

    private static BigDecimal number(Value v) {
        return switch (v) {
            case DecimalValue d -> d.value();
            case IntegerValue i -> BigDecimal.valueOf(i.value());
            case BooleanValue b -> b.value() ? BigDecimal.ONE : BigDecimal.ZERO;
            default -> {
                try {
                    yield new BigDecimal(v.asText().trim());
                } catch (NumberFormatException e) {
                    yield null;
                }
            }
        };
    }

    private static Instant instant(Value v) {
        return switch (v) {
            case DateTimeValue d -> d.value();
            case DateValue d -> d.value().atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            default -> null;
        };
    }
}
