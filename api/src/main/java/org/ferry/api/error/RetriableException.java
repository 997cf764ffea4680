package org.ferry.api.error;

import java.time.Duration;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A passing failure: throttling (HTTP 429), a timeout, a dropped connection, a 503. The operation may
 * succeed if tried again later. Connectors usually retry these themselves within their own bounds and
 * throw this only when those bounds are spent; the engine then ends the leg with its last checkpoint,
 * so the next run resumes where this one stopped.
 */
@ProviderType
public class RetriableException extends FerryException {
    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    public RetriableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public RetriableException(String message, Throwable cause) {
        this(message, null, cause);
    }

    /** @return how long the remote system asked us to wait (its {@code Retry-After}), if it said */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
