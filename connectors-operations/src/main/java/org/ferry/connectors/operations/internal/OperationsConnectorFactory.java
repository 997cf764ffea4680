package org.ferry.connectors.operations.internal;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ConnectorFactory;
import org.ferry.connectors.common.http.ServiceConfig;
import org.ferry.connectors.common.http.ServiceSession;
import org.ferry.connectors.common.odata.ODataConnectorFactory;
import org.osgi.service.component.annotations.Component;

/** The {@code dynamics-operations} connector type: Dynamics 365 Finance and Operations data entities over OData. */
@Component(service = ConnectorFactory.class,
        property = ConnectorFactory.TYPE + "=" + OperationsConnectorFactory.TYPE)
public final class OperationsConnectorFactory extends ODataConnectorFactory {
    static final String TYPE = "dynamics-operations";
    /** Server paging goes up to 10,000; a batch here is records per call, each its own request. */
    static final ServiceConfig.Limits LIMITS = new ServiceConfig.Limits(100, 1000, 10_000, 10_000);

    public OperationsConnectorFactory() {
        super(TYPE, "Dynamics 365 Finance and Operations",
                "Finance and Operations public data entities through OData (/data)",
                "https://contoso.operations.dynamics.com", LIMITS);
    }

    @Override
    protected Connection open(ServiceSession session) {
        return new FinOpsConnection(new FinOpsClient(session));
    }
}
