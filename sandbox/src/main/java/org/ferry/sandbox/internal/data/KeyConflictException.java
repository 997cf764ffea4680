package org.ferry.sandbox.internal.data;

import java.util.List;

/** A write would give two rows the same alternate key. */
public final class KeyConflictException extends RuntimeException {
    private final List<String> key;

    public KeyConflictException(List<String> key) {
        super("A record with matching key values already exists.");
        this.key = key;
    }

    public List<String> key() {
        return key;
    }
}
