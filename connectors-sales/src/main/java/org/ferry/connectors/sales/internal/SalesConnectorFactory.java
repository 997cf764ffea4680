package org.ferry.connectors.sales.internal;

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

/** The {@code dynamics-sales} connector type: Dynamics 365 Sales and any Dataverse, via the Web API v9.2. */
@Component(service = ConnectorFactory.class, property = ConnectorFactory.TYPE + "=" + SalesConnectorFactory.TYPE)
public final class SalesConnectorFactory implements ConnectorFactory {
    static final String TYPE = "dynamics-sales";
    /** $batch takes at most 1,000 operations; a page at most 5,000 records. */
    static final ServiceConfig.Limits LIMITS = new ServiceConfig.Limits(100, 1000, 5000, 5000);

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String displayName() {
        return "Dynamics 365 Sales";
    }

    @Override
    public String description() {
        return "Dynamics 365 Sales or any Dataverse environment, through the Web API v9.2";
    }

    @Override
    public List<ConfigField> configFields() {
        return ServiceConfig.fields("https://contoso.crm.dynamics.com", LIMITS);
    }

    @Override
    public List<FieldProblem> validate(ConnectorConfig config) {
        return ServiceConfig.validate(config, LIMITS);
    }

    @Override
    public Connection open(ConnectorConfig config, ConnectionContext context) {
        ServiceConfig settings = ServiceConfig.from(config, context, LIMITS);
        return new DataverseConnection(new DataverseClient(
                new ServiceSession(settings, RetryPolicy.DEFAULT, ODataErrors::message)));
    }
}
