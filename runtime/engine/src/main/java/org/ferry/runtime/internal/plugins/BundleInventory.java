package org.ferry.runtime.internal.plugins;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.ferry.api.connector.ConnectorFactory;
import org.ferry.api.transform.Transform;
import org.ferry.runtime.internal.plugins.Contributions.Contribution;
import org.ferry.runtime.management.ConnectorTypeInfo;
import org.ferry.runtime.management.HealthCheck;
import org.ferry.runtime.management.HealthReport;
import org.ferry.runtime.management.PluginFile;
import org.ferry.runtime.management.PluginInfo;
import org.ferry.runtime.management.PluginInventory;
import org.ferry.runtime.management.TemplateInfo;
import org.ferry.runtime.management.TransformInfo;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin inventory and health check: bundles, what they contribute, what is wrong with them, and
 * the deploy folder.
 */
@Component(service = {PluginInventory.class, HealthCheck.class})
public class BundleInventory implements PluginInventory, HealthCheck {
    private static final Logger LOG = LoggerFactory.getLogger(BundleInventory.class);
    static final String DEPLOY_DIR_PROPERTY = "felix.fileinstall.dir";
    /** Framework property: the id the launcher gave this process, reported by health. */
    static final String INSTANCE_PROPERTY = "ferry.instance";
    private static final Instant STARTED = ProcessHandle.current().info().startInstant().orElse(Instant.now());

    private final ExtensionRegistry registry;
    private final BundleContext context;
    private final BundleDiagnosis diagnosis = new BundleDiagnosis();
    private final DeployFolder deployFolder;
    private final SynchronousBundleListener uninstallListener;
    private final String instance;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ServiceComponentRuntime scr;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile org.ferry.runtime.internal.store.StoreStarter store;

    @Activate
    public BundleInventory(@Reference ExtensionRegistry registry, BundleContext context) {
        this.registry = registry;
        this.context = context;
        String dir = context.getProperty(DEPLOY_DIR_PROPERTY);
        this.deployFolder = new DeployFolder(Path.of(dir == null ? "deploy" : dir));
        String id = context.getProperty(INSTANCE_PROPERTY);
        this.instance = id == null || id.isBlank() ? java.util.UUID.randomUUID().toString() : id;
        this.uninstallListener = event -> {
            if (event.getType() == BundleEvent.UNINSTALLED || event.getType() == BundleEvent.UPDATED) {
                diagnosis.forget(event.getBundle().getBundleId());
            }
        };
        context.addFrameworkListener(diagnosis);
        context.addBundleListener(uninstallListener);
    }

    @Deactivate
    void deactivate() {
        context.removeFrameworkListener(diagnosis);
        context.removeBundleListener(uninstallListener);
    }

    @Override
    public List<PluginInfo> plugins() {
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        ServiceComponentRuntime runtime = scr;
        List<PluginInfo> result = new ArrayList<>();
        Set<Path> bundleFiles = new HashSet<>();
        // providers may read a store (saved templates): ask them once per listing, not once per bundle
        java.util.Map<Long, List<String>> templates = registry.templatesByBundle();
        for (Bundle b : context.getBundles()) {
            if (b.getBundleId() == 0) {
                continue;
            }
            Optional<Path> file = fileOf(b);
            file.ifPresent(bundleFiles::add);
            boolean deployed = file.map(deployFolder::contains).orElse(false);
            result.add(new PluginInfo(b.getSymbolicName(), b.getVersion().toString(), stateName(b.getState()),
                    file.map(this::displayLocation).orElse(b.getLocation()), deployed,
                    registry.connectorTypesOf(b), registry.transformsOf(b), templates.getOrDefault(b.getBundleId(), List.of()),
                    diagnosis.explain(b, wiring, runtime)));
        }
        for (Path f : deployFolder.files()) {
            if (!bundleFiles.contains(f.toAbsolutePath().normalize())) {
                String problem = DeployFolder.problemOf(f);
                result.add(new PluginInfo(null, null, problem == null ? "PENDING" : "INVALID", displayLocation(f),
                        true, List.of(), List.of(), List.of(),
                        problem == null ? "not installed yet: the deploy folder is scanned every second" : problem));
            }
        }
        return result;
    }

    @Override
    public List<ConnectorTypeInfo> connectorTypes() {
        return registry.connectorContributions().stream().map(BundleInventory::describe).flatMap(Optional::stream).toList();
    }

    @Override
    public Optional<ConnectorTypeInfo> connectorType(String type) {
        return registry.connectorContributions().stream().filter(c -> c.key().equals(type)).findFirst()
                .flatMap(BundleInventory::describe);
    }

    @Override
    public List<TransformInfo> transforms() {
        List<TransformInfo> result = new ArrayList<>();
        for (Contribution<Transform> c : registry.transformContributions()) {
            try {
                Transform t = c.service();
                result.add(new TransformInfo(c.key(), t.displayName(), t.description(),
                        c.bundle().getSymbolicName(), t.parameters()));
            } catch (RuntimeException e) {
                LOG.warn("Transform '{}' of {} cannot describe itself", c.key(), c.bundle().getSymbolicName(), e);
            }
        }
        return result;
    }

    @Override
    public List<TemplateInfo> templates() {
        return registry.templateContributions().stream()
                .map(t -> new TemplateInfo(t.template(), t.bundle().getSymbolicName())).toList();
    }

    @Override
    public PluginFile deploy(String fileName, InputStream content) {
        PluginFile stored = deployFolder.store(fileName, content);
        LOG.info("Plugin {} {} stored as {}", stored.symbolicName(), stored.version(), displayLocation(deployFolder.dir().resolve(fileName)));
        return stored;
    }

    @Override
    public boolean undeploy(String symbolicName) {
        List<Path> files = deployFolder.filesOf(symbolicName);
        for (Path f : files) {
            try {
                Files.deleteIfExists(f);
                LOG.info("Plugin {} removed from {}", symbolicName, displayLocation(f));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot remove " + f.getFileName() + ": " + e.getMessage(), e);
            }
        }
        return !files.isEmpty();
    }

    @Override
    public HealthReport check() {
        List<String> problems = new ArrayList<>();
        int active = 0;
        int total = 0;
        for (Bundle b : context.getBundles()) {
            total++;
            boolean fragment = b.getHeaders().get("Fragment-Host") != null;
            if (b.getState() == Bundle.ACTIVE || fragment && b.getState() == Bundle.RESOLVED) {
                active++;
            } else if (!fileOf(b).map(deployFolder::contains).orElse(false)) {
                problems.add(b.getSymbolicName() + " is " + stateName(b.getState()));
            }
        }
        org.ferry.runtime.internal.store.StoreStarter starter = store;
        if (starter == null || starter.state() == org.ferry.runtime.internal.store.StoreStarter.State.STARTING) {
            // the store opens on a thread of its own; until it is there nothing that keeps state can answer
            return new HealthReport("STARTING", STARTED, total, active, List.of("the store is starting"), instance);
        }
        if (starter.state() == org.ferry.runtime.internal.store.StoreStarter.State.FAILED) {
            problems.add(0, "the store could not be opened: " + starter.failure());
        }
        return new HealthReport(problems.isEmpty() ? "UP" : "DEGRADED", STARTED, total, active, problems, instance);
    }

    private static Optional<ConnectorTypeInfo> describe(Contribution<ConnectorFactory> c) {
        try {
            ConnectorFactory f = c.service();
            return Optional.of(new ConnectorTypeInfo(c.key(), f.displayName(), f.description(),
                    c.bundle().getSymbolicName(), f.configFields()));
        } catch (RuntimeException e) {
            LOG.warn("Connector type '{}' of {} cannot describe itself", c.key(), c.bundle().getSymbolicName(), e);
            return Optional.empty();
        }
    }

    private static Optional<Path> fileOf(Bundle b) {
        String location = b.getLocation();
        try {
            if (location.startsWith("file:")) {
                return Optional.of(Path.of(URI.create(location)).toAbsolutePath().normalize());
            }
            if (location.startsWith("/")) {
                return Optional.of(Path.of(location).toAbsolutePath().normalize());
            }
        } catch (IllegalArgumentException e) {
            // not a file location (mvn:, reference:, inputstream:): shown as is
        }
        return Optional.empty();
    }

    private String displayLocation(Path file) {
        Path parent = file.getParent();
        return (parent == null ? "" : parent.getFileName() + "/") + file.getFileName();
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> "UNKNOWN";
        };
    }
}
