package org.ferry.runtime.management;

import java.util.Map;

/**
 * What an admin sends to create or change a connection.
 *
 * @param name   display name
 * @param type   the connector type id
 * @param config configuration values; a secret given as {@link ConnectionInfo#MASK} keeps its stored value
 */
public record ConnectionDraft(String name, String type, Map<String, String> config) {
    public ConnectionDraft {
        config = config == null ? Map.of() : Map.copyOf(config);
    }
}
