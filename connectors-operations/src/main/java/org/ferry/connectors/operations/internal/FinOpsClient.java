package org.ferry.connectors.operations.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import org.ferry.connectors.common.http.ServiceSession;
import org.ferry.connectors.common.odata.CsdlModel;
import org.ferry.connectors.common.odata.ODataServiceClient;

/** The F&amp;O OData service of one environment ({@code <base>/data/}): its headers and data entities by set name. */
final class FinOpsClient extends ODataServiceClient<FinOpsEntity> {
    /** "Use cross-company=true for all companies the user can access" (reference §3.3). */
    static final String CROSS_COMPANY = "cross-company";

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

    /**
     * A next link with {@code cross-company=true}, added back when the service left it out: whether F&amp;O keeps it
     * on {@code @odata.nextLink} is not documented, and without it every page after the first holds only the
     * user's default company.
     */
    static URI crossCompany(URI link) {
        String query = link.getRawQuery();
        StringJoiner options = new StringJoiner("&");
        if (query != null) {
            for (String option : query.split("&")) {
                if (option.equals(CROSS_COMPANY + "=true")) {
                    return link;
                }
                if (!option.isEmpty() && !option.startsWith(CROSS_COMPANY + "=")) {
                    options.add(option);
                }
            }
        }
        options.add(CROSS_COMPANY + "=true");
        String text = link.toString();
        int end = text.indexOf('?') >= 0 ? text.indexOf('?') : text.indexOf('#') >= 0 ? text.indexOf('#') : text.length();
        return URI.create(text.substring(0, end) + "?" + options);
    }

    /** Keyed by entity set name: F&amp;O addresses, and users name, data entities by their public set. */
    @Override
    protected Map<String, FinOpsEntity> index(CsdlModel csdl) {
        Map<String, FinOpsEntity> byName = new LinkedHashMap<>();
        forEachKeyedSet(csdl, (set, type) -> byName.put(set, FinOpsEntity.of(set, type, csdl)));
        return Map.copyOf(byName);
    }

    @Override
    protected String missingEntity(String name, String host) {
        return "data entity '" + name + "' is not public in " + host;
    }
}
