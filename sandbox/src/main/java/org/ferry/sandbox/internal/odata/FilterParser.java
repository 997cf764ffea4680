package org.ferry.sandbox.internal.odata;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.ferry.sandbox.internal.data.Values;
import org.ferry.sandbox.internal.odata.FilterLexer.Kind;
import org.ferry.sandbox.internal.odata.FilterLexer.Token;

/**
 * Recursive-descent parser for $filter: or, and, not, comparisons, arithmetic, grouping, string
 * functions, and the literals both services document ('' quoting, null, booleans, numbers, GUIDs,
 * date-times, F&O enum literals such as {@code Microsoft.Dynamics.DataEntities.NoYes'Yes'}).
 */
public final class FilterParser {
    private static final Set<String> COMPARISONS = Set.of("eq", "ne", "gt", "ge", "lt", "le");
    private static final Set<String> UNSUPPORTED = Set.of("has", "in");

    private final List<Token> tokens;
    private final FilterDialect dialect;
    private int pos;

    private FilterParser(List<Token> tokens, FilterDialect dialect) {
        this.tokens = tokens;
        this.dialect = dialect;
    }

    public static Filter parse(String text, FilterDialect dialect) throws FilterException {
        FilterParser p = new FilterParser(FilterLexer.tokenize(text), dialect);
        Filter f = p.or();
        if (p.peek().kind() != Kind.END) {
            throw new FilterException("Syntax error at position " + p.peek().position() + " in '" + text + "'.");
        }
        return f;
    }

    private Filter or() throws FilterException {
        Filter left = and();
        while (isWord("or")) {
            pos++;
            left = new Filter.Binary("or", left, and());
        }
        return left;
    }

    private Filter and() throws FilterException {
        Filter left = unary();
        while (isWord("and")) {
            pos++;
            left = new Filter.Binary("and", left, unary());
        }
        return left;
    }

    private Filter unary() throws FilterException {
        if (isWord("not")) {
            pos++;
            return new Filter.Not(unary());
        }
        return comparison();
    }

    private Filter comparison() throws FilterException {
        Filter left = additive();
        Token t = peek();
        if (t.kind() == Kind.WORD && COMPARISONS.contains(t.text())) {
            pos++;
            return new Filter.Binary(t.text(), left, additive());
        }
        if (t.kind() == Kind.WORD && UNSUPPORTED.contains(t.text())) {
            throw new FilterException("The query operator '" + t.text() + "' is not supported.");
        }
        return left;
    }

    private Filter additive() throws FilterException {
        Filter left = multiplicative();
        while (isWord("add") || isWord("sub")) {
            String op = tokens.get(pos++).text();
            left = new Filter.Binary(op, left, multiplicative());
        }
        return left;
    }

    private Filter multiplicative() throws FilterException {
        Filter left = primary();
        while (isWord("mul") || isWord("div") || isWord("divby") || isWord("mod")) {
            String op = tokens.get(pos++).text();
            left = new Filter.Binary(op, left, primary());
        }
        return left;
    }

    private Filter primary() throws FilterException {
        Token t = tokens.get(pos++);
        switch (t.kind()) {
            case OPEN -> {
                Filter inner = or();
                expect(Kind.CLOSE);
                return inner;
            }
            case STRING -> {
                return new Filter.Literal(t.text());
            }
            case TYPED_STRING -> {
                return typed(t);
            }
            case WORD -> {
                if (peek().kind() == Kind.OPEN) {
                    return call(t);
                }
                return word(t);
            }
            default -> throw new FilterException("Syntax error at position " + t.position() + ": unexpected '" + t.text() + "'.");
        }
    }

    private Filter call(Token name) throws FilterException {
        String fn = name.text();
        if (!dialect.supports(fn)) {
            throw new FilterException("An unknown function with name '" + fn + "' was found.");
        }
        expect(Kind.OPEN);
        List<Filter> args = new ArrayList<>();
        if (peek().kind() != Kind.CLOSE) {
            args.add(or());
            while (peek().kind() == Kind.COMMA) {
                pos++;
                args.add(or());
            }
        }
        expect(Kind.CLOSE);
        int expected = switch (fn) {
            case "contains", "startswith", "endswith" -> 2;
            default -> 1;
        };
        if (args.size() != expected) {
            throw new FilterException("The function '" + fn + "' expects " + expected + " argument(s).");
        }
        return new Filter.Call(fn, args);
    }

    private Filter word(Token t) throws FilterException {
        String w = t.text();
        switch (w) {
            case "null" -> {
                return new Filter.Literal(null);
            }
            case "true" -> {
                return new Filter.Literal(Boolean.TRUE);
            }
            case "false" -> {
                return new Filter.Literal(Boolean.FALSE);
            }
            default -> {
                // fall through to the shape checks below
            }
        }
        if (Values.isGuid(w)) {
            return new Filter.Literal(w.toLowerCase(java.util.Locale.ROOT));
        }
        char c = w.charAt(0);
        if (Character.isDigit(c) || c == '-' || c == '+') {
            if (w.length() >= 10 && w.charAt(4) == '-' && w.charAt(7) == '-') {
                try {
                    // a bare date stays a date: it equals Edm.Date values and, compared as text,
                    // orders correctly against canonical date-times too
                    return new Filter.Literal(w.length() == 10 ? java.time.LocalDate.parse(w).toString() : Values.dateTime(w));
                } catch (IllegalArgumentException | java.time.DateTimeException e) {
                    throw new FilterException("'" + w + "' is not a valid date or date-time literal.");
                }
            }
            try {
                String n = w.endsWith("M") || w.endsWith("m") || w.endsWith("L") || w.endsWith("d")
                        ? w.substring(0, w.length() - 1) : w;
                return new Filter.Literal(Filter.number(n));
            } catch (NumberFormatException e) {
                throw new FilterException("Syntax error: '" + w + "' is not a valid literal.");
            }
        }
        if (Character.isLetter(c) || c == '_') {
            return new Filter.Property(w);
        }
        throw new FilterException("Syntax error at position " + t.position() + ": unexpected '" + w + "'.");
    }

    private Filter typed(Token t) throws FilterException {
        String prefix = t.prefix();
        try {
            return switch (prefix) {
                case "guid" -> new Filter.Literal(Values.guid(t.text()));
                case "datetime", "datetimeoffset" -> new Filter.Literal(Values.dateTime(t.text()));
                default -> new Filter.EnumLiteral(prefix, t.text());
            };
        } catch (IllegalArgumentException e) {
            throw new FilterException(e.getMessage());
        }
    }

    private boolean isWord(String w) {
        Token t = peek();
        return t.kind() == Kind.WORD && t.text().equals(w);
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private void expect(Kind kind) throws FilterException {
        Token t = tokens.get(pos);
        if (t.kind() != kind) {
            throw new FilterException("Syntax error at position " + t.position() + ": expected " + kind + ".");
        }
        pos++;
    }
}
