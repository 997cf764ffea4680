package org.ferry.api.connector;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the engine tells a connector about the connection it opens. Implemented by the engine.
 */
@ProviderType
public interface ConnectionContext {

    /** @return the connection's id in Ferry's store; stable for the connection's life */
    String connectionId();

    /** @return the connection's display name, for messages */
    String connectionName();

    /**
     * @return a directory the connector may keep files in for this connection (caches, embedded
     *         databases); created on demand, removed when the connection is deleted
     */
    Path workDirectory();

    /**
     * @return whether plain {@code http://} URLs to loopback addresses are allowed (the sandbox and
     *         tests). Connectors must otherwise refuse non-https URLs.
     */
    boolean allowInsecureLoopback();
}
