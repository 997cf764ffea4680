package org.ferry.runtime.internal.events;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.ferry.runtime.management.ChangeEvent;
import org.ferry.runtime.management.ChangeFeed;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's changes, handed to whoever listens ({@link ChangeFeed}): the run manager and the schedules publish
 * theirs; plugins are published from the framework's bundle events. Delivery is synchronous and cheap (listeners
 * queue what they get), so a run never waits for a client.
 */
@Component(service = {ChangeFeed.class, ChangeBus.class})
public class ChangeBus implements ChangeFeed {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeBus.class);
    private final List<Consumer<ChangeEvent>> listeners = new CopyOnWriteArrayList<>();
    private final BundleContext context;
    private final BundleListener bundles = this::bundleChanged;

    /** A bus without plugin events, for tests and embedders. */
    public ChangeBus() {
        this.context = null;
    }

    @Activate
    public ChangeBus(BundleContext context) {
        this.context = context;
        context.addBundleListener(bundles);
    }

    @Deactivate
    void close() {
        if (context != null) {
            try {
                context.removeBundleListener(bundles);
            } catch (IllegalStateException stopping) {
                // the framework is going down with us
            }
        }
        listeners.clear();
    }

    @Override
    public AutoCloseable subscribe(Consumer<ChangeEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Tells every listener; a listener that throws is logged and the others still hear of it. */
    public void publish(String kind, String action, String id, String projectId, Object data) {
        if (listeners.isEmpty()) {
            return;
        }
        ChangeEvent event = new ChangeEvent(kind, action, id, projectId, data, Instant.now());
        for (Consumer<ChangeEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("A change listener failed on {} {} {}: {}", kind, action, id, e.toString());
            }
        }
    }

    private void bundleChanged(BundleEvent event) {
        Bundle b = event.getBundle();
        if (b.getBundleId() == 0 || b.getSymbolicName() == null) {
            return;
        }
        switch (event.getType()) {
            case BundleEvent.INSTALLED, BundleEvent.STARTED, BundleEvent.STOPPED, BundleEvent.UNINSTALLED,
                 BundleEvent.UPDATED -> publish(ChangeEvent.PLUGIN, "changed", b.getSymbolicName(), null, null);
            default -> {
                // resolving, starting and stopping are steps on the way to the events above
            }
        }
    }
}
