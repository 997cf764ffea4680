package org.ferry.runtime.internal.run;

import java.util.Optional;

import org.ferry.api.connector.Connection;
import org.ferry.api.organization.OrganizationMapper;
import org.ferry.api.transform.Transform;
import org.ferry.runtime.internal.connections.ConnectionOpener;
import org.ferry.runtime.internal.plugins.ExtensionRegistry;

/** The run environment of the running server: the plugin whiteboard and the stored connections. */
final class PluginEnvironment implements RunEnvironment {
    private final ExtensionRegistry registry;
    private final ConnectionOpener opener;

    PluginEnvironment(ExtensionRegistry registry, ConnectionOpener opener) {
        this.registry = registry;
        this.opener = opener;
    }

    @Override
    public Optional<Transform> transform(String type) {
        return registry.transform(type);
    }

    @Override
    public Optional<OrganizationMapper> organizationMapper(String name) {
        return registry.organizationMapper(name);
    }

    @Override
    public boolean deployed(String connectorType) {
        return registry.connectorFactory(connectorType).isPresent();
    }

    @Override
    public String connectorType(String connectionId) {
        return opener.connectorType(connectionId);
    }

    @Override
    public Connection open(String connectionId) {
        return opener.open(connectionId);
    }
}
