package org.ferry.connectors.operations.internal;

import java.util.List;

import org.ferry.api.connector.ConfigField;
import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ConnectionContext;
import org.ferry.api.connector.ConnectorConfig;
import org.ferry.api.connector.ConnectorFactory;
import org.ferry.api.error.FieldProblem;
import org.ferry.connectors.common.http.RetryPolicy;
import org.ferry.connectors.common.http.ServiceConfig;
import org.ferry.connectors.common.http.ServiceSession;
import org.ferry.connectors.common.odata.ODataErrors;
import org.osgi.service.component.annotations.Component;

/** The {@code dynamics-operations} connector type: Dynamics 365 Finance and Operations data entities over OData. */
@Component(service = ConnectorFactory.class,
        property = ConnectorFactory.TYPE + "=" + OperationsConnectorFactory.TYPE)
public final class OperationsConnectorFactory implements ConnectorFactory {
    static final String TYPE = "dynamics-operations";
    /** Server paging goes up to 10,000; a batch here is records per call, each its own request. */
    static final ServiceConfig.Limits LIMITS = new ServiceConfig.Limits(100, 1000, 10_000, 10_000);

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String displayName() {
        return "Dynamics 365 Finance and Operations";
    }

    @Override
    public String description() {
        return "Finance and Operations public data entities through OData (/data)";
    }

    @Override
    public List<ConfigField> configFields() {
        return ServiceConfig.fields("https://contoso.operations.dynamics.com", LIMITS);
    }

    @Override
    public List<FieldProblem> validate(ConnectorConfig config) {
        return ServiceConfig.validate(config, LIMITS);
    }

    @Override
    public Connection open(ConnectorConfig config, ConnectionContext context) {
        ServiceConfig settings = ServiceConfig.from(config, context, LIMITS);
        return new FinOpsConnection(new FinOpsClient(
                new ServiceSession(settings, RetryPolicy.DEFAULT, ODataErrors::message)));
    }
}
