package org.ferry.connectors.operations.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.ferry.connectors.common.http.ServiceSession;
import org.ferry.connectors.common.odata.CsdlModel;
import org.ferry.connectors.common.odata.ODataServiceClient;

/** The F&amp;O OData service of one environment ({@code <base>/data/}): its headers and data entities by set name. */
final class FinOpsClient extends ODataServiceClient<FinOpsEntity> {
    FinOpsClient(ServiceSession session) {
        super(session, "/data/", " (the application's user lacks a security role)", FinOpsClient::headers,
                Map.of("Accept", "application/xml"));
    }

    static Map<String, String> headers(String prefer) {
        Map<String, String> h = jsonHeaders();
        if (prefer != null) {
            h.put("Prefer", prefer);
        }
        return h;
    }

    /** Keyed by entity set name: F&amp;O addresses, and users name, data entities by their public set. */
    @Override
    protected Map<String, FinOpsEntity> index(CsdlModel csdl) {
        Map<String, FinOpsEntity> byName = new LinkedHashMap<>();
        forEachKeyedSet(csdl, (set, type) -> byName.put(set, FinOpsEntity.of(set, type)));
        return Map.copyOf(byName);
    }

    @Override
    protected String missingEntity(String name, String host) {
        return "data entity '" + name + "' is not public in " + host;
    }
}
