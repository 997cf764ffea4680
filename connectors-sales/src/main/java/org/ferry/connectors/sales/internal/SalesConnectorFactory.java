package org.ferry.connectors.sales.internal;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ConnectorFactory;
import org.ferry.connectors.common.http.ServiceConfig;
import org.ferry.connectors.common.http.ServiceSession;
import org.ferry.connectors.common.odata.ODataConnectorFactory;
import org.osgi.service.component.annotations.Component;

/** The {@code dynamics-sales} connector type: Dynamics 365 Sales and any Dataverse, via the Web API v9.2. */
@Component(service = ConnectorFactory.class, property = ConnectorFactory.TYPE + "=" + SalesConnectorFactory.TYPE)
public final class SalesConnectorFactory extends ODataConnectorFactory {
    static final String TYPE = "dynamics-sales";
    /** $batch takes at most 1,000 operations; a page at most 5,000 records. */
    static final ServiceConfig.Limits LIMITS = new ServiceConfig.Limits(100, 1000, 5000, 5000);

    public SalesConnectorFactory() {
        super(TYPE, "Dynamics 365 Sales", "Dynamics 365 Sales or any Dataverse environment, through the Web API v9.2",
                "https://contoso.crm.dynamics.com", LIMITS);
    }

    @Override
    protected Connection open(ServiceSession session) {
        return new DataverseConnection(new DataverseClient(session));
    }
}
