package org.ferry.runtime.internal.run;

/** The target cannot be written any more in this run: the leg ends, with its last checkpoint. */
final class WriteFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WriteFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
