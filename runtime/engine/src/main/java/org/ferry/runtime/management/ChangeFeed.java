package org.ferry.runtime.management;

import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The engine's changes as they happen, for pushing them to clients ({@code GET /api/events}).
 *
 * @since 1.3
 */
@ProviderType
public interface ChangeFeed {
    /**
     * Registers a listener. It is called on the thread that made the change (a run's, the scheduler's, the
     * framework's), so it must return at once and hand the event on; an exception it throws is logged and ignored.
     *
     * @return closing it stops the deliveries
     */
    AutoCloseable subscribe(Consumer<ChangeEvent> listener);
}
