package org.ferry.runtime.internal.run;

/**
 * The pattern of an error message: what stays the same across records failing for one cause. Quoted values
 * become {@code '…'} and words holding digits (numbers, ids, keys such as ACC-0042) become {@code #}, so 1,456
 * "'Atlantis' is not a country" and "'Mu' is not a country" are one pattern, "'…' is not a country".
 *
 * <p>One pass over the message, no regular expressions: it runs for every failed record, and a run may fail
 * hundreds of thousands (benchmark 7 measured regular expressions at a third of such a run's time).
 */
final class MessagePattern {
    static final int MAX = 300;
    /** A quote closed further away than this is an apostrophe, not a quoted value. */
    private static final int MAX_QUOTED = 200;

    private MessagePattern() {
    }

    static String of(String message) {
        if (message == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(message.length(), MAX + 1));
        int n = message.length();
        int i = 0;
        while (i < n && out.length() <= MAX) {
            char c = message.charAt(i);
            if (c == '\'' || c == '"') {
                int close = message.indexOf(c, i + 1);
                if (close > i && close - i - 1 <= MAX_QUOTED) {
                    out.append(c).append('…').append(c);
                    i = close + 1;
                } else {
                    out.append(c);
                    i++;
                }
            } else if (word(c)) {
                int end = i;
                boolean digit = false;
                while (end < n && word(message.charAt(end))) {
                    digit |= Character.isDigit(message.charAt(end));
                    end++;
                }
                if (digit) {
                    out.append('#');
                } else {
                    out.append(message, i, end);
                }
                i = end;
            } else if (Character.isWhitespace(c)) {
                if (!out.isEmpty() && out.charAt(out.length() - 1) != ' ') {
                    out.append(' ');
                }
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        String p = out.toString().strip();
        return p.length() <= MAX ? p : p.substring(0, MAX - 1) + "…";
    }

    private static boolean word(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == ':' || c == '/' || c == '-';
    }
}
