package org.ferry.runtime.internal.plugins;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.ferry.api.connector.ConnectorFactory;
import org.ferry.api.transform.Transform;
import org.ferry.runtime.internal.plugins.Contributions.Contribution;
import org.ferry.runtime.management.ConnectorTypeInfo;
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
 * The plugin inventory: bundles, what they contribute, what is wrong with them, and the deploy folder. It is over the
 * store (plugins uploaded through the API are kept there for every node); the health check ({@link ServerHealth}) is
 * not, so the admin API starts while the store opens.
 */
@Component(service = {PluginInventory.class, BundleInventory.class})
public class BundleInventory implements PluginInventory {
    private static final Logger LOG = LoggerFactory.getLogger(BundleInventory.class);
    /** A file the watcher has not handed over in this long is reported: the watcher is not running, or stuck. */
    static final Duration PENDING_LIMIT = Duration.ofSeconds(30);

    private final ExtensionRegistry registry;
    private final PluginInstaller installer;
    private final StoredPlugins stored;
    private final BundleContext context;
    private final BundleDiagnosis diagnosis = new BundleDiagnosis();
    private final DeployFolder deployFolder;
    private final SynchronousBundleListener uninstallListener;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ServiceComponentRuntime scr;

    @Activate
    public BundleInventory(@Reference ExtensionRegistry registry, @Reference PluginInstaller installer,
                           @Reference StoredPlugins stored, BundleContext context) {
        this.stored = stored;
        this.registry = registry;
        this.installer = installer;
        this.context = context;
        this.deployFolder = DeployFolder.of(context);
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

    /** Partner plugins (the deploy folder) first, by name; then the built-in bundles, by name. */
    @Override
    public List<PluginInfo> plugins() {
        return listing(false);
    }

    /**
     * The deploy folder's plugins alone, for the health check, which every load balancer asks every few seconds: no
     * built-in bundle's components examined, no template provider asked, no store read for the nodes.
     */
    List<PluginInfo> deployedPlugins() {
        return listing(true);
    }

    private List<PluginInfo> listing(boolean deployedOnly) {
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        ServiceComponentRuntime runtime = scr;
        List<PluginInfo> result = new ArrayList<>();
        Set<Path> bundleFiles = new HashSet<>();
        // providers may read a store (saved templates): ask them once per listing, not once per bundle
        java.util.Map<Long, List<String>> templates = deployedOnly ? java.util.Map.of() : registry.templatesByBundle();
        for (Bundle b : context.getBundles()) {
            if (b.getBundleId() == 0) {
                continue;
            }
            Optional<Path> file = DeployFolder.pathOf(b);
            file.ifPresent(bundleFiles::add);
            boolean deployed = file.map(deployFolder::contains).orElse(false);
            if (deployedOnly && !deployed) {
                continue;
            }
            String error = diagnosis.explain(b, wiring, runtime);
            if (deployed) {
                error = join(installerError(file.get(), b), error);
            }
            result.add(new PluginInfo(b.getSymbolicName(), b.getVersion().toString(), stateName(b.getState()),
                    file.map(this::displayLocation).orElse(b.getLocation()), deployed,
                    deployed ? PluginInfo.DEPLOYED : PluginInfo.BUILT_IN,
                    registry.connectorTypesOf(b), registry.transformsOf(b), templates.getOrDefault(b.getBundleId(), List.of()),
                    error));
        }
        for (Path f : deployFolder.files()) {
            if (!bundleFiles.contains(f.toAbsolutePath().normalize())) {
                result.add(notInstalled(f));
            }
        }
        if (deployedOnly) {
            return result;
        }
        java.util.Map<String, List<String>> everywhere = stored.activeNodes();
        List<String> here = List.of(stored.node());
        result.replaceAll(p -> p.symbolicName() != null && everywhere.containsKey(p.symbolicName()) ? p.withNodes(everywhere.get(p.symbolicName()))
                : "ACTIVE".equals(p.state()) ? p.withNodes(here) : p);
        result.sort(Comparator.comparing((PluginInfo p) -> !p.deployed())
                .thenComparing(p -> p.symbolicName() == null ? "" : p.symbolicName())
                .thenComparing(PluginInfo::location));
        return result;
    }

    /** A deploy-folder file without a bundle: not handed over yet, refused, or not installable. */
    private PluginInfo notInstalled(Path f) {
        Optional<PluginInstaller.Outcome> outcome = installer.outcome(f);
        String state;
        String error;
        String bsn = outcome.map(PluginInstaller.Outcome::symbolicName).orElse(null);
        if (outcome.isPresent() && outcome.get().error() != null) {
            state = outcome.get().phase().name();
            error = outcome.get().error();
        } else {
            String problem = DeployFolder.problemOf(f);
            if (problem != null) {
                state = "INVALID";
                error = problem;
            } else {
                state = "PENDING";
                error = pendingTooLong(f) ? "not installed: the deploy folder's watcher has not picked it up for "
                        + PENDING_LIMIT.toSeconds() + " s" : "not installed yet: the deploy folder is scanned every second";
            }
        }
        return new PluginInfo(bsn, null, state, displayLocation(f), true, PluginInfo.DEPLOYED, List.of(), List.of(),
                List.of(), error);
    }

    private String installerError(Path file, Bundle b) {
        Optional<PluginInstaller.Outcome> outcome = installer.outcome(file);
        if (outcome.isEmpty()) {
            return null;
        }
        if (installer.stuck(outcome.get())) {
            return "stuck: its activator has not returned from start() after "
                    + Duration.between(outcome.get().since(), Instant.now()).toSeconds() + " s (limit "
                    + installer.startTimeout().toSeconds() + " s); other plugins are not held up, and removing the file"
                    + " or restarting the server clears it";
        }
        return b.getState() == Bundle.ACTIVE ? null : outcome.get().error();
    }

    private static boolean pendingTooLong(Path f) {
        try {
            return Files.getLastModifiedTime(f).toInstant().plus(PENDING_LIMIT).isBefore(Instant.now());
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static String join(String a, String b) {
        return a == null ? b : b == null || a.contains(b) ? a : a + "; " + b;
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
        Path path = deployFolder.dir().resolve(fileName);
        PluginFile file = stored.uploading(() -> {
            PluginFile placed = deployFolder.store(fileName, content, installer::refusal);
            stored.stored(placed.symbolicName(), placed.version(), path, null);
            return placed;
        });
        LOG.info("Plugin {} {} stored as {}, and in the store for every node", file.symbolicName(), file.version(),
                displayLocation(path));
        return file;
    }

    @Override
    public boolean undeploy(String symbolicName) {
        boolean inStore = stored.removed(symbolicName);
        List<Path> files = deployFolder.filesOf(symbolicName);
        for (Path f : files) {
            try {
                Files.deleteIfExists(f);
                LOG.info("Plugin {} removed from {}", symbolicName, displayLocation(f));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot remove " + f.getFileName() + ": " + e.getMessage(), e);
            }
        }
        return inStore || !files.isEmpty();
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
