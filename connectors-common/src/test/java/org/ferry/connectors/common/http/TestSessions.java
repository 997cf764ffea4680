package org.ferry.connectors.common.http;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.ferry.api.connector.ConnectionContext;
import org.ferry.api.connector.ConnectorConfig;
import org.ferry.connectors.common.odata.ODataErrors;

/** Sessions built the way a connector builds them, from a connection's configuration, for this module's tests. */
public final class TestSessions {
    /** A context that allows plain http to loopback addresses (the sandbox, scripted servers). */
    public static final ConnectionContext LOOPBACK = new ConnectionContext() {
        public String connectionId() { return "test"; }
        public String connectionName() { return "test"; }
        public Path workDirectory() { return Path.of("target"); }
        public boolean allowInsecureLoopback() { return true; }
    };
    public static final ServiceConfig.Limits LIMITS = new ServiceConfig.Limits(100, 1000, 5000, 5000);

    private TestSessions() {
    }

    /** @return a configuration of environment {@code baseUrl} with a client secret, then {@code extra} */
    public static ConnectorConfig config(String baseUrl, String tokenUrl, Map<String, String> extra) {
        Map<String, String> cfg = new HashMap<>(Map.of(ServiceConfig.BASE_URL, baseUrl, ServiceConfig.TOKEN_URL, tokenUrl,
                ServiceConfig.CLIENT_ID, "id", ServiceConfig.CLIENT_SECRET, "secret"));
        cfg.putAll(extra);
        return ConnectorConfig.of(cfg);
    }

    public static ServiceSession open(ConnectorConfig config) {
        return new ServiceSession(ServiceConfig.from(config, LOOPBACK, LIMITS), ODataErrors::message);
    }

    /** A session to a server whose token endpoint is {@code base/token} and whose environment is {@code base}. */
    public static ServiceSession open(String base, Map<String, String> extra) {
        return open(config(base, base + "/token", extra));
    }
}
