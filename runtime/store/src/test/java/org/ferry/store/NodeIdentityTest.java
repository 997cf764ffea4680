package org.ferry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class NodeIdentityTest {
    @Test
    void aNamedNodeIsCalledByItsName() {
        Map<String, String> props = Map.of(NodeIdentity.NODE, " node-1 ", NodeIdentity.URL, "http://10.0.0.11:8080/",
                "org.apache.felix.http.host", "10.0.0.11", "org.osgi.service.http.port", "8080");
        assertEquals("node-1", NodeIdentity.name(props::get));
        assertEquals("http://10.0.0.11:8080/", NodeIdentity.url(props::get));
    }

    @Test
    void anUnnamedNodeIsCalledByItsHostAndPortByTheEngineAndTheHubAlike() {
        Map<String, String> props = Map.of("org.apache.felix.http.host", "10.0.0.12", "org.osgi.service.http.port", "8181");
        assertEquals("10.0.0.12:8181", NodeIdentity.name(props::get));
        assertEquals("http://10.0.0.12:8181", NodeIdentity.url(props::get));
        assertTrue(PostgresStore.sessionName("hub", NodeIdentity.name(props::get)).endsWith(" 10.0.0.12:8181"),
                "the hub's sessions end with the name the engine's takeover looks for, not 'null'");
    }
}
