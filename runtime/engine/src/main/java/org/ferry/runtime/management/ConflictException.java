package org.ferry.runtime.management;

/** The request conflicts with the current state: a project already running, a connection in use (409). */
public class ConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message);
    }
}
