package org.ferry.connectors.operations.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.ConnectorException;
import org.ferry.connectors.common.http.ApiRequest;
import org.ferry.connectors.common.http.ApiResponse;
import org.ferry.connectors.common.http.HttpTransport;
import org.ferry.connectors.common.http.ServiceSession;
import org.ferry.connectors.common.odata.CsdlModel;
import org.ferry.connectors.common.odata.CsdlParser;
import org.ferry.connectors.common.odata.Json;
import org.ferry.connectors.common.odata.ODataErrors;

import com.fasterxml.jackson.databind.JsonNode;

/** The F&amp;O OData service of one environment ({@code <base>/data/}): headers, JSON GETs, entity models. */
final class FinOpsClient implements AutoCloseable {
    private final ServiceSession session;
    private final String root;
    private volatile Map<String, FinOpsEntity> entities;

    FinOpsClient(ServiceSession session) {
        this.session = session;
        this.root = session.config().baseUrl() + "/data/";
    }

    String root() {
        return root;
    }

    HttpTransport transport() {
        return session.transport();
    }

    int batchSize() {
        return session.config().batchSize();
    }

    int pageSize() {
        return session.config().pageSize();
    }

    int maxConcurrency() {
        return session.config().maxConcurrency();
    }

    static Map<String, String> headers(String prefer) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Accept", "application/json");
        h.put("OData-MaxVersion", "4.0");
        h.put("OData-Version", "4.0");
        if (prefer != null) {
            h.put("Prefer", prefer);
        }
        return h;
    }

    ApiResponse get(URI uri, String prefer) {
        return transport().send(ApiRequest.get(uri, headers(prefer)));
    }

    JsonNode getJson(URI uri, String prefer) {
        ApiResponse r = get(uri, prefer);
        if (r.status() != 200) {
            throw failure(r, "GET " + uri.getRawPath());
        }
        return Json.parse(r.body(), "the answer to GET " + uri.getRawPath());
    }

    Map<String, FinOpsEntity> entities() {
        Map<String, FinOpsEntity> e = entities;
        if (e == null) {
            synchronized (this) {
                e = entities;
                if (e == null) {
                    e = load();
                    entities = e;
                }
            }
        }
        return e;
    }

    void refresh() {
        entities = null;
    }

    FinOpsEntity entity(String name) {
        FinOpsEntity e = entities().get(name);
        if (e == null) {
            throw new ConfigurationException("entity", "data entity '" + name + "' is not public in "
                    + session.config().baseUrl().getHost());
        }
        return e;
    }

    private Map<String, FinOpsEntity> load() {
        ApiResponse r = transport().send(ApiRequest.get(URI.create(root + "$metadata"),
                Map.of("Accept", "application/xml")));
        if (r.status() != 200) {
            throw failure(r, "GET $metadata");
        }
        CsdlModel csdl = CsdlParser.parse(r.body());
        Map<String, FinOpsEntity> byName = new LinkedHashMap<>();
        csdl.entitySets().forEach((set, type) -> csdl.type(type).ifPresent(t -> {
            if (!t.key().isEmpty()) {
                byName.put(set, FinOpsEntity.of(set, t));
            }
        }));
        return Map.copyOf(byName);
    }

    static RuntimeException failure(ApiResponse r, String what) {
        String message = what + " failed: " + ODataErrors.message(r);
        return switch (r.status()) {
            case 403 -> new ConnectorException(message + " (the application's user lacks a security role)");
            case 404 -> new ConfigurationException(null, message);
            default -> new ConnectorException(message);
        };
    }

    @Override
    public void close() {
        session.close();
    }
}
