package org.ferry.runtime.management;

import java.time.Instant;
import java.util.Map;

/**
 * A connection as the admin API shows it. Secret configuration values are replaced by {@link #MASK}.
 *
 * @param id        stable id
 * @param name      display name (any printable characters)
 * @param type      the connector type id
 * @param config    configuration values, secrets masked
 * @param deployed  whether the connector type is currently deployed
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record ConnectionInfo(String id, String name, String type, Map<String, String> config, boolean deployed,
                             Instant createdAt, Instant updatedAt) {
    /** What a secret value reads as; sending it back on update keeps the stored value. */
    public static final String MASK = "********";
}
