package org.ferry.sandbox.internal.odata;

/** A $filter, $orderby or key expression the services cannot understand. */
public final class FilterException extends Exception {
    public FilterException(String message) {
        super(message, null, false, false);
    }
}
