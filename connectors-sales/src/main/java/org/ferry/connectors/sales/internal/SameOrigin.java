package org.ferry.connectors.sales.internal;

import java.net.URI;
import java.util.Objects;

import org.ferry.api.error.ConnectorException;

/**
 * Next links, delta links and checkpoints are URLs we GET with our bearer token; one pointing at another
 * host (a tampered checkpoint, a confused proxy) would hand the token over. They must stay on the
 * service's origin.
 */
final class SameOrigin {
    private SameOrigin() {
    }

    static URI check(String apiRoot, URI link) {
        URI root = URI.create(apiRoot);
        if (!Objects.equals(root.getScheme(), link.getScheme()) || !Objects.equals(root.getHost(), link.getHost())
                || root.getPort() != link.getPort()) {
            throw new ConnectorException("the service returned a link to another origin ("
                    + link.getScheme() + "://" + link.getHost() + "); refusing to follow it");
        }
        return link;
    }
}
