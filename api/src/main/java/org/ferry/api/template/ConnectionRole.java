package org.ferry.api.template;

import java.util.Objects;

/**
 * A connection a template needs: its role name in the template's tasks and the connector type that
 * must fill it.
 *
 * @param role          the role name ({@code sales}, {@code cds}, {@code operations})
 * @param connectorType the connector type id ({@code dynamics-sales})
 */
public record ConnectionRole(String role, String connectorType) {
    public ConnectionRole {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(connectorType, "connectorType");
    }
}
