package org.ferry.runtime.internal.filter;

/**
 * A filter that cannot be used, with the position (0-based) of the token at fault, so the message can
 * point at it: {@code unknown field 'revnue' at position 24 in "statecode eq 0 and revnue gt 1000"}.
 */
public final class FilterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int position;

    FilterException(String filter, int position, String problem) {
        super(problem + " at position " + position + " in \"" + excerpt(filter, position) + "\"");
        this.position = position;
    }

    /** The filter as quoted in the message: whole when short, else the part around the fault. */
    private static String excerpt(String filter, int position) {
        if (filter.length() <= 200) {
            return filter;
        }
        int from = Math.max(0, Math.min(position, filter.length()) - 60);
        int to = Math.min(filter.length(), from + 120);
        return (from > 0 ? "…" : "") + filter.substring(from, to) + (to < filter.length() ? "…" : "");
    }

    public int position() {
        return position;
    }
}
