package org.ferry.api.connector;

import java.util.Objects;

/**
 * An entity as listed by a connection, before it is described in full.
 *
 * @param name  the logical name used in every other call
 * @param label a display name
 */
public record EntityInfo(String name, String label) {
    public EntityInfo {
        Objects.requireNonNull(name, "name");
        label = label == null || label.isBlank() ? name : label;
    }
}
