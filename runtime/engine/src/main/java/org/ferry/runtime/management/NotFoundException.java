package org.ferry.runtime.management;

/** The thing asked for does not exist (the admin API answers 404). */
public class NotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String what) {
        super(what + " does not exist");
    }
}
