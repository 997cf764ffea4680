package org.ferry.connectors.sales.internal;

import java.net.URI;
import java.util.Collections;
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

/**
 * The Dataverse Web API v9.2 of one environment: the documented request headers, JSON GETs, and the
 * table models from {@code $metadata}, fetched once per connection (it is large on real environments).
 */
final class DataverseClient implements AutoCloseable {
    static final String API_PATH = "/api/data/v9.2/";

    private final ServiceSession session;
    private final String apiRoot;
    private volatile Map<String, EntityModel> models;

    DataverseClient(ServiceSession session) {
        this.session = session;
        this.apiRoot = session.config().baseUrl() + API_PATH;
    }

    /** @return the service root, ending in {@code /api/data/v9.2/} */
    String apiRoot() {
        return apiRoot;
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

    /** The headers every Web API request carries; {@code If-None-Match: null} keeps caches out of the way. */
    static Map<String, String> headers(String prefer) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Accept", "application/json");
        h.put("OData-MaxVersion", "4.0");
        h.put("OData-Version", "4.0");
        h.put("If-None-Match", "null");
        if (prefer != null && !prefer.isEmpty()) {
            h.put("Prefer", prefer);
        }
        return h;
    }

    /** GETs JSON; any answer but 200 is an exception in the user's terms. */
    JsonNode getJson(URI uri, String prefer) {
        ApiResponse r = transport().send(ApiRequest.get(uri, headers(prefer)));
        if (r.status() != 200) {
            throw failure(r, "GET " + uri.getRawPath());
        }
        return Json.parse(r.body(), "the answer to GET " + uri.getRawPath());
    }

    /** @return the table models by logical name */
    Map<String, EntityModel> models() {
        Map<String, EntityModel> m = models;
        if (m == null) {
            synchronized (this) {
                m = models;
                if (m == null) {
                    m = load();
                    models = m;
                }
            }
        }
        return m;
    }

    /** Forgets the cached metadata, so tables added since are seen. */
    void refresh() {
        models = null;
    }

    EntityModel entity(String name) {
        EntityModel model = models().get(name);
        if (model == null) {
            throw new ConfigurationException("entity", "table '" + name + "' does not exist in "
                    + session.config().baseUrl().getHost());
        }
        return model;
    }

    private Map<String, EntityModel> load() {
        ApiResponse r = transport().send(ApiRequest.get(URI.create(apiRoot + "$metadata"),
                Map.of("Accept", "application/xml", "OData-MaxVersion", "4.0", "OData-Version", "4.0")));
        if (r.status() != 200) {
            throw failure(r, "GET $metadata");
        }
        CsdlModel csdl = CsdlParser.parse(r.body());
        Map<String, EntityModel> byName = new LinkedHashMap<>();
        csdl.entitySets().forEach((set, typeName) -> csdl.type(typeName).ifPresent(type -> {
            if (!type.key().isEmpty()) {
                byName.putIfAbsent(type.name(), EntityModel.of(csdl, type, set));
            }
        }));
        // $metadata order, so entity lists read the same on every run
        return Collections.unmodifiableMap(byName);
    }

    /** Maps a refused request to the SPI's exceptions, with the server's own message. */
    static RuntimeException failure(ApiResponse r, String what) {
        String message = what + " failed: " + ODataErrors.message(r);
        return switch (r.status()) {
            case 403 -> new ConnectorException(message + " (the application user lacks a privilege)");
            case 404 -> new ConfigurationException(null, message);
            default -> new ConnectorException(message);
        };
    }

    @Override
    public void close() {
        session.close();
    }
}
