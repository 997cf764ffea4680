package org.ferry.itests.plugins;

import java.nio.file.Files;
import java.nio.file.Path;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * The activator of a partner plugin that never finishes starting (PluginSafetyIT packs it into a jar of its own):
 * it waits until the file named by its bundle's {@code Release-File} header appears, at most two minutes, so
 * the test can let it go before the framework stops.
 */
public class HangingActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) throws Exception {
        Path release = Path.of(context.getBundle().getHeaders().get("Release-File"));
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Files.exists(release) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    @Override
    public void stop(BundleContext context) {
        // nothing was started
    }
}
