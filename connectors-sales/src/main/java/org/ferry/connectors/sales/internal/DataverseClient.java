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

    /**
     * Tables as their definitions describe them (keys, change tracking), asked for once per table and kept with the
     * schema across the connector's connections (a run would otherwise ask again for every table it describes).
     */
    private volatile Map<String, EntityModel> tables;

    /** Skips synchronous and asynchronous custom business logic (plug-ins, flows) on writes. */
    static final String BYPASS = "MSCRM.BypassBusinessLogicExecution";

    private final boolean bypassCustomLogic;

    DataverseClient(ServiceSession session) {
        this(session, false);
    }

    /**
     * @param bypassCustomLogic whether writes ask Dataverse to skip custom business logic, which needs the application
     *                          user to hold {@code prvBypassCustomBusinessLogic}
     */
    DataverseClient(ServiceSession session, boolean bypassCustomLogic) {
        super(session, API_PATH, " (the application user lacks a privilege)", DataverseClient::headers,
                Map.of("Accept", "application/xml", "OData-MaxVersion", "4.0", "OData-Version", "4.0"));
        this.bypassCustomLogic = bypassCustomLogic;
    }

    /** @return the headers of a write request (a bulk message or a {@code $batch}); a fresh map */
    Map<String, String> writeHeaders() {
        Map<String, String> h = headers(null);
        if (bypassCustomLogic) {
            h.put(BYPASS, "CustomSync,CustomAsync");
        }
        return h;
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

    /**
     * The table with what {@code $metadata} does not say reliably: which alternate keys are usable (their index
     * Active) and whether change tracking is on, from its definition
     * ({@code EntityDefinitions(LogicalName='x')?$select=ChangeTrackingEnabled&$expand=Keys}). When the definition
     * cannot be read (an application user without metadata read), the keys of {@code $metadata} stand and change
     * tracking is found out by the read.
     *
     * @throws org.ferry.api.error.ConfigurationException naming the entity if the service has no such table
     */
    EntityModel table(String name) {
        Map<String, EntityModel> tables = this.tables;
        if (tables == null) {
            tables = kept("tables");
            this.tables = tables;
        }
        EntityModel known = tables.get(name);
        if (known != null) {
            return known;
        }
        EntityModel model = entity(name);
        java.net.URI uri = java.net.URI.create(root() + "EntityDefinitions(LogicalName='"
                + org.ferry.connectors.common.odata.ODataUrls.encodePath(name) + "')?$select=LogicalName,ChangeTrackingEnabled"
                + "&$expand=Keys($select=KeyAttributes,EntityKeyIndexStatus)");
        org.ferry.connectors.common.http.ApiResponse r = get(uri, null);
        if (r.status() == 200) {
            com.fasterxml.jackson.databind.JsonNode d = org.ferry.connectors.common.odata.Json.parse(r.body(),
                    "the definition of table " + name);
            java.util.List<java.util.List<String>> keys = new java.util.ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode k : d.path("Keys")) {
                if ("Active".equalsIgnoreCase(k.path("EntityKeyIndexStatus").asText())) {
                    java.util.List<String> attributes = new java.util.ArrayList<>();
                    k.path("KeyAttributes").forEach(a -> attributes.add(a.asText()));
                    keys.add(attributes);
                }
            }
            com.fasterxml.jackson.databind.JsonNode tracking = d.path("ChangeTrackingEnabled");
            model = model.withDefinition(keys, tracking.isBoolean() ? tracking.asBoolean() : null);
        }
        tables.put(name, model);
        return model;
    }

    /** Forgets the table definitions, so keys and change tracking changed since are seen. */
    void forgetTables() {
        Map<String, EntityModel> tables = this.tables;
        if (tables != null) {
            tables.clear();
        }
        this.tables = null;
    }

    @Override
    protected String missingEntity(String name, String host) {
        return "table '" + name + "' does not exist in " + host;
    }
}
