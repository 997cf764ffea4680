package org.ferry.runtime.internal.run;

import java.util.regex.Pattern;

/**
 * The pattern of an error message: what stays the same across records failing for one cause. Quoted values
 * become {@code '…'} and words holding digits (numbers, ids, keys such as ACC-0042) become {@code #}, so 1,456
 * "'Atlantis' is not a country" and "'Mu' is not a country" are one pattern, "'…' is not a country".
 */
final class MessagePattern {
    static final int MAX = 300;
    private static final Pattern SINGLE = Pattern.compile("'[^']{0,200}'");
    private static final Pattern DOUBLE = Pattern.compile("\"[^\"]{0,200}\"");
    private static final Pattern DIGITS = Pattern.compile("[\\p{L}\\p{N}_.:/-]*\\p{N}[\\p{L}\\p{N}_.:/-]*");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private MessagePattern() {
    }

    static String of(String message) {
        if (message == null) {
            return null;
        }
        String p = SINGLE.matcher(message).replaceAll("'…'");
        p = DOUBLE.matcher(p).replaceAll("\"…\"");
        p = DIGITS.matcher(p).replaceAll("#");
        p = SPACES.matcher(p).replaceAll(" ").strip();
        return p.length() <= MAX ? p : p.substring(0, MAX - 1) + "…";
    }
}
