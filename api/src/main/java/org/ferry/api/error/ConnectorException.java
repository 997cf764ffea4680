package org.ferry.api.error;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A permanent failure of a connection: authentication refused after a token refresh, an entity that
 * does not exist, a protocol violation. Retrying will not help. The engine stops the leg and the run
 * ends in ERROR, or WARNING when some records were already written.
 */
@ProviderType
public class ConnectorException extends FerryException {
    private static final long serialVersionUID = 1L;

    public ConnectorException(String message) {
        super(message, null);
    }

    public ConnectorException(String message, Throwable cause) {
        super(message, cause);
    }
}
