package org.ferry.connectors.cds.internal;

/**
 * Shuts the hub's Derby environments down between benchmark scenarios, as the framework does when the
 * bundle stops ({@code deactivate} is package-private: DS calls it). In the CDS package for that reason only.
 */
public final class HubShutdown {
    private HubShutdown() {
    }

    public static void close(CdsConnectorFactory factory) {
        factory.deactivate();
    }
}
