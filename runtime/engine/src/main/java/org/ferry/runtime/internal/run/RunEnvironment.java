package org.ferry.runtime.internal.run;

import java.util.Optional;

import org.ferry.api.connector.Connection;
import org.ferry.api.organization.OrganizationMapper;
import org.ferry.api.transform.Transform;

/**
 * What a run needs from the rest of the engine: plugins and opened connections. Public (in a package the bundle
 * does not export) for the engine's test harness, which runs the engine over connections it holds itself.
 */
public interface RunEnvironment {
    Optional<Transform> transform(String type);

    Optional<OrganizationMapper> organizationMapper(String name);

    /** @return whether the connector type is deployed right now */
    boolean deployed(String connectorType);

    /** @return the connector type of a stored connection */
    String connectorType(String connectionId);

    /**
     * Opens a stored connection; the caller closes it.
     *
     * @throws org.ferry.api.error.ConfigurationException if it cannot be opened (type not deployed, bad config)
     */
    Connection open(String connectionId);
}
