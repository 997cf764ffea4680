package org.ferry.connectors.common.odata;

import java.util.List;

import org.ferry.api.connector.ConfigField;
import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ConnectionContext;
import org.ferry.api.connector.ConnectorConfig;
import org.ferry.api.connector.ConnectorFactory;
import org.ferry.api.error.FieldProblem;
import org.ferry.connectors.common.http.ServiceConfig;
import org.ferry.connectors.common.http.ServiceSession;

/**
 * A connector type for an OData service behind Azure AD client credentials: the shared form, its
 * validation, and one {@link ServiceSession} per connection. Subclasses carry the DS {@code @Component}
 * (it must name their own type) and turn the session into their connection.
 */
public abstract class ODataConnectorFactory implements ConnectorFactory {
    private final String type;
    private final String displayName;
    private final String description;
    private final String baseUrlExample;
    private final ServiceConfig.Limits limits;
    /** The services' schemas, kept across the connections this factory opens (one per run and leg). */
    private final MetadataCache metadata = new MetadataCache();
    /** The access tokens its connections share: a run asks for none while the last run's token lives. */
    private final org.ferry.connectors.common.http.TokenCache tokens = new org.ferry.connectors.common.http.TokenCache();

    protected ODataConnectorFactory(String type, String displayName, String description, String baseUrlExample,
                                    ServiceConfig.Limits limits) {
        this.type = type;
        this.displayName = displayName;
        this.description = description;
        this.baseUrlExample = baseUrlExample;
        this.limits = limits;
    }

    /** Opens the connector's connection over a session that has not contacted the service yet. */
    protected abstract Connection open(ServiceSession session);

    /** Opens the connection with the connector's own settings from {@code config} too; by default only the session. */
    protected Connection open(ServiceSession session, ConnectorConfig config) {
        return open(session);
    }

    /** @return the connector's own form fields, after the shared ones; none by default */
    protected List<ConfigField> ownFields() {
        return List.of();
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final String displayName() {
        return displayName;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final List<ConfigField> configFields() {
        List<ConfigField> all = new java.util.ArrayList<>(ServiceConfig.fields(baseUrlExample, limits));
        all.addAll(ownFields());
        return List.copyOf(all);
    }

    @Override
    public final List<FieldProblem> validate(ConnectorConfig config) {
        return ServiceConfig.validate(config, limits);
    }

    @Override
    public final Connection open(ConnectorConfig config, ConnectionContext context) {
        ServiceConfig settings = ServiceConfig.from(config, context, limits);
        return open(new ServiceSession(settings, ODataErrors::message,
                org.ferry.connectors.common.http.TransportMeter.of(context == null ? null : context.connectionName()),
                metadata, tokens), config);
    }
}
