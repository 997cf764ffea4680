package org.ferry.runtime.internal.filter;

import java.util.ArrayList;
import java.util.List;

/** Splits an OData filter into tokens, each with its position for error messages. */
final class FilterLexer {

    enum Kind { WORD, STRING, NUMBER, OPEN, CLOSE, COMMA, END }

    record Token(Kind kind, String text, int position) {
        boolean is(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        String shown() {
            return kind == Kind.END ? "the end" : "'" + text + "'";
        }
    }

    private FilterLexer() {
    }

    static List<Token> tokens(String filter) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < filter.length()) {
            char c = filter.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                tokens.add(new Token(Kind.OPEN, "(", i++));
            } else if (c == ')') {
                tokens.add(new Token(Kind.CLOSE, ")", i++));
            } else if (c == ',') {
                tokens.add(new Token(Kind.COMMA, ",", i++));
            } else if (c == '\'') {
                i = string(filter, i, tokens);
            } else if (Character.isDigit(c) || c == '-' && i + 1 < filter.length() && Character.isDigit(filter.charAt(i + 1))) {
                i = number(filter, i, tokens);
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < filter.length() && (Character.isLetterOrDigit(filter.charAt(i)) || "_./".indexOf(filter.charAt(i)) >= 0)) {
                    i++;
                }
                if (i < filter.length() && filter.charAt(i) == '\'') {
                    // a typed literal, as F&O writes enums: Microsoft.Dynamics.DataEntities.NoYes'Yes' compares as 'Yes'
                    List<Token> literal = new ArrayList<>();
                    i = string(filter, i, literal);
                    tokens.add(new Token(Kind.STRING, literal.get(0).text(), start));
                } else {
                    tokens.add(new Token(Kind.WORD, filter.substring(start, i), start));
                }
            } else {
                throw new FilterException(filter, i, "unexpected character '" + c + "'");
            }
        }
        tokens.add(new Token(Kind.END, "", filter.length()));
        return tokens;
    }

    /** A quoted string; a quote inside is written twice ({@code 'O''Bryan'}). */
    private static int string(String filter, int start, List<Token> tokens) {
        StringBuilder value = new StringBuilder();
        int i = start + 1;
        while (i < filter.length()) {
            char c = filter.charAt(i);
            if (c == '\'') {
                if (i + 1 < filter.length() && filter.charAt(i + 1) == '\'') {
                    value.append('\'');
                    i += 2;
                    continue;
                }
                tokens.add(new Token(Kind.STRING, value.toString(), start));
                return i + 1;
            }
            value.append(c);
            i++;
        }
        throw new FilterException(filter, start, "the string starting here is not closed with a quote");
    }

    /** A number, or an ISO date or date-time literal, which also start with digits. */
    private static int number(String filter, int start, List<Token> tokens) {
        int i = start + 1;
        while (i < filter.length() && (Character.isLetterOrDigit(filter.charAt(i)) || ".:-+".indexOf(filter.charAt(i)) >= 0)) {
            i++;
        }
        tokens.add(new Token(Kind.NUMBER, filter.substring(start, i), start));
        return i;
    }
}
