package org.ferry.api.error;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The system no longer accepts the checkpoint a read was given: a Dataverse delta token older than the
 * organization's change-tracking retention ("Version stamp associated with the client has expired. Please perform
 * a full sync."), or one it does not know. Nothing was read. The engine starts the leg over with a full read,
 * compares it with what it wrote before so nothing is written twice, and records why as a warning of the run.
 *
 * @since 1.1
 */
@ProviderType
public class CheckpointExpiredException extends ConnectorException {
    private static final long serialVersionUID = 1L;

    public CheckpointExpiredException(String message) {
        super(message);
    }

    public CheckpointExpiredException(String message, Throwable cause) {
        super(message, cause);
    }
}
