package org.ferry.connectors.common.http;

/** Keeps secrets out of text that may reach a log or a user. */
public final class Secrets {
    private Secrets() {
    }

    /** @return {@code text} with every occurrence of each secret masked; {@code null} stays {@code null} */
    public static String scrub(String text, String... secrets) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String s : secrets) {
            if (s != null && s.length() >= 4) {
                result = result.replace(s, "********");
            }
        }
        return result;
    }

    /** @return at most {@code max} characters, so a huge error page does not flood a message */
    public static String abbreviate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "…";
    }
}
