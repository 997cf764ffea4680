package org.ferry.api.connector;

import java.util.Objects;

/**
 * An administrative action a connection offers beyond reading and writing, such as the hub's
 * "clear all data". The admin API lists them and lets admins invoke them.
 *
 * @param name        the id passed to {@link Connection#perform(String)} ({@code clear-all-data})
 * @param label       what the console shows
 * @param description what it does, including what it destroys
 * @param destructive whether it deletes data (the console asks for confirmation)
 */
public record ConnectionAction(String name, String label, String description, boolean destructive) {
    public ConnectionAction {
        Objects.requireNonNull(name, "name");
        label = label == null ? name : label;
    }
}
