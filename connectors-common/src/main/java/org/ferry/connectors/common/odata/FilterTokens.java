package org.ferry.connectors.common.odata;

import java.util.ArrayList;
import java.util.List;

import org.ferry.api.error.ConfigurationException;

/**
 * Splits an OData {@code $filter} into tokens, for connectors that check a filter against what their service
 * accepts before sending it. Positions are 1-based, as a user counts characters in the filter they wrote.
 */
public final class FilterTokens {
    public enum Kind {
        /** a property path, keyword or operator: {@code CustomerAccount}, {@code and}, {@code eq} */
        WORD,
        /** a quoted string; {@link Token#value()} has its quotes removed and doubled quotes undone */
        STRING,
        /** a typed literal {@code Namespace.Type'value'}; {@link Token#prefix()} is the type */
        TYPED,
        /** a number, date, date-time or GUID written bare */
        NUMBER,
        OPEN, CLOSE, COMMA, END
    }

    /**
     * @param text     the token as written ({@code 'O''Bryan'}, {@code Microsoft.Dynamics.DataEntities.NoYes'Yes'})
     * @param value    a string's or typed literal's content, else the text
     * @param prefix   a typed literal's type, else {@code null}
     * @param position where the token starts, 1-based
     */
    public record Token(Kind kind, String text, String value, String prefix, int position) {
        public boolean is(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }
    }

    private FilterTokens() {
    }

    /** @throws ConfigurationException on field {@code filter} for an unclosed string or a character OData does not use */
    public static List<Token> of(String filter) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = filter.length();
        while (i < n) {
            char c = filter.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == ',') {
                Kind kind = c == '(' ? Kind.OPEN : c == ')' ? Kind.CLOSE : Kind.COMMA;
                tokens.add(new Token(kind, String.valueOf(c), String.valueOf(c), null, start + 1));
                i++;
            } else if (c == '\'') {
                i = quoted(filter, start);
                tokens.add(new Token(Kind.STRING, filter.substring(start, i), unquote(filter, start, i), null, start + 1));
            } else if (Character.isDigit(c) || (c == '-' && i + 1 < n && Character.isDigit(filter.charAt(i + 1)))) {
                i++;
                while (i < n && (Character.isLetterOrDigit(filter.charAt(i)) || ".:-+".indexOf(filter.charAt(i)) >= 0)) {
                    i++;
                }
                String text = filter.substring(start, i);
                tokens.add(new Token(Kind.NUMBER, text, text, null, start + 1));
            } else if (Character.isLetter(c) || c == '_' || c == '$' || c == '@') {
                while (i < n && (Character.isLetterOrDigit(filter.charAt(i)) || "_./$@".indexOf(filter.charAt(i)) >= 0)) {
                    i++;
                }
                String word = filter.substring(start, i);
                if (i < n && filter.charAt(i) == '\'') {
                    int open = i;
                    i = quoted(filter, open);
                    tokens.add(new Token(Kind.TYPED, filter.substring(start, i), unquote(filter, open, i), word, start + 1));
                } else {
                    tokens.add(new Token(Kind.WORD, word, word, null, start + 1));
                }
            } else {
                throw new ConfigurationException("filter", "'" + c + "' at position " + (start + 1)
                        + " is not part of an OData filter");
            }
        }
        tokens.add(new Token(Kind.END, "", "", null, n + 1));
        return tokens;
    }

    /** @return the index just after the string that opens at {@code open} */
    private static int quoted(String filter, int open) {
        int i = open + 1;
        while (i < filter.length()) {
            if (filter.charAt(i) == '\'') {
                if (i + 1 < filter.length() && filter.charAt(i + 1) == '\'') {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        throw new ConfigurationException("filter", "the string at position " + (open + 1) + " is not closed with a quote");
    }

    private static String unquote(String filter, int open, int end) {
        return filter.substring(open + 1, end - 1).replace("''", "'");
    }
}
