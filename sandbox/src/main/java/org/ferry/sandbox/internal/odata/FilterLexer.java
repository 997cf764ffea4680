package org.ferry.sandbox.internal.odata;

import java.util.ArrayList;
import java.util.List;

/** Splits an OData $filter expression into tokens. */
final class FilterLexer {
    enum Kind { OPEN, CLOSE, COMMA, STRING, WORD, TYPED_STRING, END }

    /** @param prefix for TYPED_STRING the type prefix (e.g. {@code Microsoft.Dynamics.DataEntities.NoYes}) */
    record Token(Kind kind, String text, String prefix, int position) {
    }

    private FilterLexer() {
    }

    static List<Token> tokenize(String s) throws FilterException {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                out.add(new Token(Kind.OPEN, "(", null, i++));
            } else if (c == ')') {
                out.add(new Token(Kind.CLOSE, ")", null, i++));
            } else if (c == ',') {
                out.add(new Token(Kind.COMMA, ",", null, i++));
            } else if (c == '\'') {
                int start = i;
                StringBuilder sb = new StringBuilder();
                i = readQuoted(s, i, sb);
                out.add(new Token(Kind.STRING, sb.toString(), null, start));
            } else if (isWordChar(c)) {
                int start = i;
                while (i < s.length() && isWordChar(s.charAt(i))) {
                    i++;
                }
                String word = s.substring(start, i);
                if (i < s.length() && s.charAt(i) == '\'') {
                    // typed literal such as guid'…', datetime'…' or an F&O enum Namespace.Type'Value'
                    StringBuilder sb = new StringBuilder();
                    i = readQuoted(s, i, sb);
                    out.add(new Token(Kind.TYPED_STRING, sb.toString(), word, start));
                } else {
                    out.add(new Token(Kind.WORD, word, null, start));
                }
            } else {
                throw new FilterException("Syntax error: character '" + c + "' at position " + i + " is not valid.");
            }
        }
        out.add(new Token(Kind.END, "", null, s.length()));
        return out;
    }

    private static int readQuoted(String s, int i, StringBuilder sb) throws FilterException {
        int start = i;
        i++;
        while (true) {
            if (i >= s.length()) {
                throw new FilterException("Syntax error: unterminated string literal at position " + start + ".");
            }
            char ch = s.charAt(i);
            if (ch == '\'') {
                if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                    sb.append('\'');
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            sb.append(ch);
            i++;
        }
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '/' || c == ':' || c == '-'
                || c == '+' || c == '@' || c == '$';
    }
}
