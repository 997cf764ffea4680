package org.ferry.store;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Function;

/**
 * A node's name and address, from the framework properties {@code ferry.node} and {@code ferry.node.url} or, when
 * they are not set, from the host and the HTTP port. One rule for the engine (the node's id in the cluster) and the
 * CDS hub (what its sessions are called on a PostgreSQL server, so that a node taking over a stalled node's runs
 * finds the stalled node's hub sessions too).
 */
public final class NodeIdentity {
    public static final String NODE = "ferry.node";
    public static final String URL = "ferry.node.url";

    private NodeIdentity() {
    }

    /** @param property a framework property by name ({@code BundleContext::getProperty}) */
    public static String name(Function<String, String> property) {
        String id = property.apply(NODE);
        return id == null || id.isBlank() ? address(property) + ":" + port(property) : id.strip();
    }

    /** @return where other nodes and admins reach the node: {@code ferry.node.url}, or http://host:port */
    public static String url(Function<String, String> property) {
        String url = property.apply(URL);
        return url == null || url.isBlank() ? "http://" + address(property) + ":" + port(property) : url.strip();
    }

    private static String port(Function<String, String> property) {
        String port = property.apply("org.osgi.service.http.port");
        return port == null ? "8080" : port;
    }

    private static String address(Function<String, String> property) {
        String host = property.apply("org.apache.felix.http.host");
        if (host != null && !host.isBlank() && !host.equals("0.0.0.0") && !host.equals("::")) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
