package org.ferry.connectors.sales.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.ferry.connectors.common.http.ServiceSession;
import org.ferry.connectors.common.odata.CsdlModel;
import org.ferry.connectors.common.odata.ODataServiceClient;

/**
 * The Dataverse Web API v9.2 of one environment: its documented request headers, and the table models
 * by logical name.
 */
final class DataverseClient extends ODataServiceClient<EntityModel> {
    static final String API_PATH = "/api/data/v9.2/";

    DataverseClient(ServiceSession session) {
        super(session, API_PATH, " (the application user lacks a privilege)", DataverseClient::headers,
                Map.of("Accept", "application/xml", "OData-MaxVersion", "4.0", "OData-Version", "4.0"));
    }

    /** The headers every Web API request carries; {@code If-None-Match: null} keeps caches out of the way. */
    static Map<String, String> headers(String prefer) {
        Map<String, String> h = jsonHeaders();
        h.put("If-None-Match", "null");
        if (prefer != null && !prefer.isEmpty()) {
            h.put("Prefer", prefer);
        }
        return h;
    }

    /** Keyed by the table's logical name, the name users know; the first entity set of a type wins. */
    @Override
    protected Map<String, EntityModel> index(CsdlModel csdl) {
        Map<String, EntityModel> byName = new LinkedHashMap<>();
        forEachKeyedSet(csdl, (set, type) -> byName.putIfAbsent(type.name(), EntityModel.of(csdl, type, set)));
        // $metadata order, so entity lists read the same on every run
        return Collections.unmodifiableMap(byName);
    }

    @Override
    protected String missingEntity(String name, String host) {
        return "table '" + name + "' does not exist in " + host;
    }
}
