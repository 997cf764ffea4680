package org.ferry.runtime.internal.plugins;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.ferry.runtime.internal.store.StoreStarter;
import org.ferry.runtime.management.HealthCheck;
import org.ferry.runtime.management.HealthReport;
import org.ferry.runtime.management.PluginInfo;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code GET /api/health}'s answer. It needs nothing that is over the store, so the admin API that serves it starts
 * while the store opens (when health was the plugin inventory's, which keeps uploaded plugins in the store, Jersey
 * started only once the store had opened, one after the other: a second of every cold start).
 */
@Component(service = HealthCheck.class)
public class ServerHealth implements HealthCheck {
    /** Framework property: the id the launcher gave this process, reported by health. */
    static final String INSTANCE_PROPERTY = "ferry.instance";
    private static final Instant STARTED = ProcessHandle.current().info().startInstant().orElse(Instant.now());
    /**
     * How long an UP answer is given again without walking the bundles and the deploy folder: load balancers and
     * monitors ask often, and the walk takes Felix's per-bundle monitors that installs and resolves hold. A bundle's
     * change of state forgets it at once; a file refused in the deploy folder shows within this time, as the
     * folder's watcher itself only looks every second.
     */
    private static final long REMEMBERED_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final BundleContext context;
    private final DeployFolder deployFolder;
    private final String instance;
    private final AtomicInteger bundleChanges = new AtomicInteger();
    private final SynchronousBundleListener forget = event -> {
        bundleChanges.incrementAndGet();
        remembered = null;
    };
    private volatile Remembered remembered;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile StoreStarter store;
    /** Over the store: present once it is open. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BundleInventory inventory;

    @Activate
    public ServerHealth(BundleContext context) {
        this.context = context;
        this.deployFolder = DeployFolder.of(context);
        String id = context.getProperty(INSTANCE_PROPERTY);
        this.instance = id == null || id.isBlank() ? java.util.UUID.randomUUID().toString() : id;
        context.addBundleListener(forget);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(forget);
    }

    /**
     * UP while every built-in bundle is active (DEGRADED otherwise). A plugin that does not work does not degrade
     * the server, whose other projects go on, but it is listed among the problems: installed but unresolved,
     * resolved with an error (its activator threw), stuck in its start, or a file that was refused or is not a
     * bundle.
     */
    @Override
    public HealthReport check() {
        StoreStarter starter = store;
        BundleInventory plugins = inventory;
        Remembered last = remembered;
        if (last != null && last.plugins == plugins && last.store == starter
                && System.nanoTime() - last.at < REMEMBERED_NANOS) {
            return last.report;
        }
        long at = System.nanoTime();
        int changes = bundleChanges.get();
        HealthReport report = check(starter, plugins);
        if ("UP".equals(report.status()) && bundleChanges.get() == changes) {
            remembered = new Remembered(report, at, starter, plugins);
        }
        return report;
    }

    private HealthReport check(StoreStarter starter, BundleInventory plugins) {
        List<String> problems = new ArrayList<>();
        boolean degraded = false;
        int active = 0;
        int total = 0;
        for (Bundle b : context.getBundles()) {
            total++;
            // a fragment is never ACTIVE; its headers are only read when needed (a copy per call)
            if (b.getState() == Bundle.ACTIVE
                    || b.getState() == Bundle.RESOLVED && b.getHeaders().get("Fragment-Host") != null) {
                active++;
            } else if (deployFolder.fileOf(b).isEmpty()) {
                problems.add(b.getSymbolicName() + " is " + BundleInventory.stateName(b.getState()));
                degraded = true;
            }
        }
        for (PluginInfo p : plugins == null ? List.<PluginInfo>of() : plugins.deployedPlugins()) {
            boolean working = "ACTIVE".equals(p.state()) && p.error() == null
                    || "PENDING".equals(p.state()) && !p.error().startsWith("not installed:");
            if (!working) {
                problems.add("plugin " + (p.symbolicName() == null ? "" : p.symbolicName() + " ") + "(" + p.location()
                        + ") is " + p.state() + (p.error() == null ? "" : ": " + p.error()));
            }
        }
        if (starter == null || starter.state() == StoreStarter.State.STARTING
                || starter.state() == StoreStarter.State.READY && plugins == null) {
            // the store opens on a thread of its own; until it is there nothing that keeps state can answer
            return new HealthReport("STARTING", STARTED, total, active, List.of("the store is starting"), instance);
        }
        if (starter.state() == StoreStarter.State.FAILED) {
            problems.add(0, "the store could not be opened: " + starter.failure());
            degraded = true;
        }
        return new HealthReport(degraded ? "DEGRADED" : "UP", STARTED, total, active, problems, instance);
    }

    /** An UP answer, and the services it was computed with: another store or inventory is not what it saw. */
    private record Remembered(HealthReport report, long at, StoreStarter store, BundleInventory plugins) {
    }
}
