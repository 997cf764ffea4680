package org.ferry.connectors.common.odata;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.ConnectorException;
import org.ferry.connectors.common.http.ApiRequest;
import org.ferry.connectors.common.http.ApiResponse;
import org.ferry.connectors.common.http.Deadline;
import org.ferry.connectors.common.http.HttpTransport;
import org.ferry.connectors.common.http.ServiceSession;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One OData v4 service root of one environment: JSON GETs, error mapping, and the entity models from
 * {@code $metadata}, fetched once per connection because real environments publish megabytes of it.
 * Subclasses say what differs per service: the root path, the headers, and how a model is built.
 *
 * @param <M> the connector's model of one entity
 */
public abstract class ODataServiceClient<M> implements AutoCloseable {
    private final ServiceSession session;
    private final String root;
    private final String forbiddenHint;
    private final Function<String, Map<String, String>> requestHeaders;
    private final Map<String, String> metadataHeaders;
    private volatile Map<String, M> models;

    /**
     * @param servicePath   the service root below the environment URL, starting and ending in {@code /}
     * @param forbiddenHint   what a 403 most likely means on this service, appended to its message
     * @param requestHeaders  the headers of a JSON request given its {@code Prefer} value (may be {@code null})
     * @param metadataHeaders the headers of the {@code $metadata} request (XML, not JSON)
     */
    protected ODataServiceClient(ServiceSession session, String servicePath, String forbiddenHint,
                                 Function<String, Map<String, String>> requestHeaders,
                                 Map<String, String> metadataHeaders) {
        this.session = session;
        this.root = session.config().baseUrl() + servicePath;
        this.forbiddenHint = forbiddenHint;
        this.requestHeaders = requestHeaders;
        this.metadataHeaders = metadataHeaders;
    }

    /** @return the service root: the environment URL followed by the service path */
    public final String root() {
        return root;
    }

    /** @return the transport of the application user with the most budget left now */
    public final HttpTransport transport() {
        return session.transport();
    }

    /** @return the connection's session: its application users and their budgets */
    public final ServiceSession session() {
        return session;
    }

    public final int batchSize() {
        return session.config().batchSize();
    }

    public final int pageSize() {
        return session.config().pageSize();
    }

    public final int maxConcurrency() {
        return session.config().maxConcurrency();
    }

    /** @return the models by the name the connector looks them up by, in the order it lists them */
    protected abstract Map<String, M> index(CsdlModel csdl);

    /** @return the message for an entity {@code name} that {@code host} does not publish */
    protected abstract String missingEntity(String name, String host);

    /** @return the headers every OData v4 JSON request carries; a fresh map, so callers may add to it */
    public static Map<String, String> jsonHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Accept", "application/json");
        h.put("OData-MaxVersion", "4.0");
        h.put("OData-Version", "4.0");
        return h;
    }

    /**
     * Maps a refused request to the SPI's exceptions, with the server's own message.
     *
     * @param forbiddenHint what a 403 most likely means on this service, appended to the message
     */
    public static RuntimeException failure(ApiResponse r, String what, String forbiddenHint) {
        String message = what + " failed: " + ODataErrors.message(r);
        return switch (r.status()) {
            case 403 -> new ConnectorException(message + forbiddenHint);
            case 404 -> new ConfigurationException(null, message);
            default -> new ConnectorException(message);
        };
    }

    /** Calls {@code action} for each entity set, in {@code $metadata} order, whose type has a key (others cannot be addressed). */
    protected static void forEachKeyedSet(CsdlModel csdl, BiConsumer<String, CsdlModel.EntityType> action) {
        csdl.entitySets().forEach((set, typeName) -> csdl.type(typeName).ifPresent(type -> {
            if (!type.key().isEmpty()) {
                action.accept(set, type);
            }
        }));
    }

    /** @return the exception for a refused request, in the user's terms */
    public final RuntimeException failure(ApiResponse r, String what) {
        return failure(r, what, forbiddenHint);
    }

    public final ApiResponse get(URI uri, String prefer) {
        return transport().send(ApiRequest.get(uri, requestHeaders.apply(prefer)));
    }

    /** GETs as a step of a longer operation, within its {@code deadline}. */
    public final ApiResponse get(URI uri, String prefer, Deadline deadline) {
        return transport().send(ApiRequest.get(uri, requestHeaders.apply(prefer)), deadline);
    }

    /** GETs JSON; any answer but 200 is an exception in the user's terms. */
    public final JsonNode getJson(URI uri, String prefer) {
        ApiResponse r = get(uri, prefer);
        if (r.status() != 200) {
            throw failure(r, "GET " + uri.getRawPath());
        }
        return Json.parse(r.body(), "the answer to GET " + uri.getRawPath());
    }

    /** @return the entity models, loaded on first use or taken from the connector's {@link MetadataCache} */
    public final Map<String, M> models() {
        Map<String, M> m = models;
        if (m == null) {
            synchronized (this) {
                m = models;
                if (m == null) {
                    m = session.metadata().get(cacheKey(), this::load);
                    models = m;
                }
            }
        }
        return m;
    }

    /**
     * @return a map for what the connector learns of the service beside its schema, an entry at a time (a table's
     *         definition), kept across the connector type's connections as the schema is, for as long, and forgotten
     *         with it by {@link #refresh()}; a fresh map when the connector keeps no schemas
     */
    protected final <V> Map<String, V> kept(String part) {
        return session.metadata().get(cacheKey() + " " + part, java.util.concurrent.ConcurrentHashMap::new);
    }

    /** Forgets the cached metadata, this connection's and the connector's, so entities added since are seen. */
    public final void refresh() {
        session.metadata().forget(cacheKey());
        models = null;
    }

    /** The service root and the application user: the schema one user may read says nothing of another's. */
    private String cacheKey() {
        return getClass().getName() + " " + root + " " + session.config().credentials().clientId();
    }

    /** @throws ConfigurationException naming the {@code entity} field if the service does not publish it */
    public final M entity(String name) {
        M model = models().get(name);
        if (model == null) {
            throw new ConfigurationException("entity", missingEntity(name, session.config().baseUrl().getHost()));
        }
        return model;
    }

    private Map<String, M> load() {
        ApiResponse r = transport().send(ApiRequest.get(URI.create(root + "$metadata"), metadataHeaders));
        if (r.status() != 200) {
            throw failure(r, "GET $metadata");
        }
        return index(CsdlParser.parse(r.body()));
    }

    @Override
    public void close() {
        session.close();
    }
}
