package org.ferry.runtime.internal.filter;

/**
 * A filter that cannot be used, with the position (0-based) of the token at fault, so the message can
 * point at it: {@code unknown field 'revnue' at position 24 in "statecode eq 0 and revnue gt 1000"}.
 */
public final class FilterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int position;

    FilterException(String filter, int position, String problem) {
        super(problem + " at position " + position + " in \"" + filter + "\"");
        this.position = position;
    }

    public int position() {
        return position;
    }
}
