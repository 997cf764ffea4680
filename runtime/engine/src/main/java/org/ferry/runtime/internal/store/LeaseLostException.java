package org.ferry.runtime.internal.store;

/** A write of a run refused because another node took the run over: this node must write nothing more for it. */
public final class LeaseLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LeaseLostException(String message) {
        super(message);
    }
}
