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
    /**
     * Records per call: up to 10,000, which the connection splits into requests of at most 1,000 (the most a
     * {@code $batch} or a bulk message on a standard table takes) sent side by side, so the users' budgets stay busy
     * for the whole call rather than idling while the engine prepares the next one. A page holds at most 5,000 records.
     */
    static final ServiceConfig.Limits LIMITS = new ServiceConfig.Limits(10_000, 10_000, 5000, 5000);
    /** Off by default: skipping a customer's plug-ins and flows is their decision, and needs a privilege. */
    static final String BYPASS_LOGIC = "bypassBusinessLogic";

    public SalesConnectorFactory() {
        super(TYPE, "Dynamics 365 Sales", "Dynamics 365 Sales or any Dataverse environment, through the Web API v9.2",
                "https://contoso.crm.dynamics.com", LIMITS);
    }

    @Override
    protected Connection open(ServiceSession session) {
        return new DataverseConnection(new DataverseClient(session));
    }

    @Override
    protected Connection open(ServiceSession session, org.ferry.api.connector.ConnectorConfig config) {
        return new DataverseConnection(new DataverseClient(session, config.bool(BYPASS_LOGIC, false)));
    }

    @Override
    protected java.util.List<org.ferry.api.connector.ConfigField> ownFields() {
        return java.util.List.of(org.ferry.api.connector.ConfigField.optional(BYPASS_LOGIC, "Bypass custom business logic",
                org.ferry.api.connector.ConfigFieldType.BOOLEAN, "false", "Writes skip the environment's custom plug-ins"
                        + " and flows (MSCRM.BypassBusinessLogicExecution), which is faster; the application user needs"
                        + " the prvBypassCustomBusinessLogic privilege"));
    }
}
