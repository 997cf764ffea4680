package org.ferry.itests.plugins;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** The activator of a partner plugin that fails to start (PluginSafetyIT packs it into a jar of its own). */
public class ThrowingActivator implements BundleActivator {
    public static final String MESSAGE = "the partner's activator cannot reach its licence server";

    @Override
    public void start(BundleContext context) {
        throw new IllegalStateException(MESSAGE);
    }

    @Override
    public void stop(BundleContext context) {
        // never started
    }
}
