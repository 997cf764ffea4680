package org.ferry.api.connector;

import java.util.List;

import org.ferry.api.error.FieldProblem;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A connector type: the service a connector bundle registers so Ferry can reach one kind of system.
 *
 * <p>Register it as an OSGi service (a Declarative Services {@code @Component(service = ConnectorFactory.class)})
 * with the service property {@link #TYPE} equal to {@link #type()}. The engine tracks factories
 * dynamically: it may call a factory from any thread as soon as it is registered, and stops using it
 * when it is unregistered. A run in flight whose factory leaves ends INTERRUPTED with its checkpoint.
 *
 * <p>Implementations must be thread-safe and stateless apart from what they share between the
 * connections they open (HTTP clients, caches).
 */
@ConsumerType
public interface ConnectorFactory {
    /** Service property: the connector type id, equal to {@link #type()}. */
    String TYPE = "ferry.connector.type";

    /**
     * @return the connector type id, unique among deployed connectors, lower-case with dashes
     *         ({@code dynamics-sales}, {@code cds}); stored with each connection, so it never changes
     */
    String type();

    /** @return a display name ({@code Dynamics 365 Sales}) */
    String displayName();

    /** @return one sentence on what the connector reaches, or {@code null} */
    default String description() {
        return null;
    }

    /** @return the configuration fields, in form order */
    List<ConfigField> configFields();

    /**
     * Checks a configuration without contacting the system: formats, ranges, combinations. Required
     * fields and field types are checked by the engine before this is called.
     *
     * @return the problems, each naming its field; empty if the configuration is valid
     */
    List<FieldProblem> validate(ConnectorConfig config);

    /**
     * Opens a connection. Should not contact the system yet (a connection is opened to list entities
     * even when the system is down); the first call that needs the system does.
     *
     * @throws org.ferry.api.error.ConfigurationException if the configuration is not usable
     */
    Connection open(ConnectorConfig config, ConnectionContext context);
}
