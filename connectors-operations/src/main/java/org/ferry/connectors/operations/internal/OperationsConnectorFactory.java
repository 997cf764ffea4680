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

    static final String PACKAGE_THRESHOLD = "packageThreshold";
    static final String DATA_PROJECT = "dataProject";
    /**
     * Off unless asked for: Microsoft says to use the batch data API above "a few hundred thousand records", but
     * packages need the Data management roles and reachable blob storage, and they make a run's calls 10,000 records.
     */
    static final String DEFAULT_PACKAGE_THRESHOLD = "-1";

    @Override
    protected Connection open(ServiceSession session) {
        return new FinOpsConnection(new FinOpsClient(session));
    }

    @Override
    protected Connection open(ServiceSession session, org.ferry.api.connector.ConnectorConfig config) {
        String threshold = config.get(PACKAGE_THRESHOLD).map(String::trim).orElse(DEFAULT_PACKAGE_THRESHOLD);
        long records;
        try {
            records = threshold.isEmpty() ? -1 : Long.parseLong(threshold);
        } catch (NumberFormatException e) {
            throw new org.ferry.api.error.ConfigurationException(PACKAGE_THRESHOLD, "must be a number of records");
        }
        return new FinOpsConnection(new FinOpsClient(session), records,
                config.get(DATA_PROJECT).map(String::trim).filter(v -> !v.isEmpty()).orElse(null));
    }

    @Override
    protected java.util.List<org.ferry.api.connector.ConfigField> ownFields() {
        return java.util.List.of(
                org.ferry.api.connector.ConfigField.optional(PACKAGE_THRESHOLD, "Data packages above (records)",
                        org.ferry.api.connector.ConfigFieldType.INTEGER, DEFAULT_PACKAGE_THRESHOLD, "A run that writes"
                                + " more records of an entity than this sends the rest through the data management"
                                + " package API (import jobs) instead of OData; -1 (the default): never. Microsoft advises packages"
                                + " above a few hundred thousand records"),
                org.ferry.api.connector.ConfigField.optional(DATA_PROJECT, "Data project", org.ferry.api.connector
                        .ConfigFieldType.TEXT, null, "The data project packages are imported into; default"
                        + " 'Ferry <entity>'"));
    }
}
