package org.ferry.connectors.common.http;

/**
 * A non-idempotent request (a POST create) was sent but the connection broke before the answer: the
 * server may or may not have applied it. The caller must look before it tries again, or it may create
 * a duplicate.
 */
public final class AmbiguousWriteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AmbiguousWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
