package org.ferry.api.error;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The root of the errors that cross the SPI. Unchecked, so that plugin code stays readable; every SPI
 * method documents which subclasses it throws and what the engine does with them.
 *
 * <p>Messages are shown to administrators: they must say what is wrong in the user's terms and must
 * never contain secrets, tokens or passwords.
 */
@ProviderType
public abstract class FerryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected FerryException(String message, Throwable cause) {
        super(message, cause);
    }
}
