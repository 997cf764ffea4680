package org.ferry.runtime.internal.plugins;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.jar.Manifest;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs, updates, starts and uninstalls the bundles of the deploy folder. The folder watcher (Felix
 * FileInstall) still notices the files; it hands every jar to this installer, its extension point for
 * artifacts, instead of installing it itself, because its own bundle handling
 * <ul>
 *   <li>updates whatever installed bundle has the jar's symbolic name and version, a built-in one included
 *       (a jar named like {@code org.ferry.admin.web} replaced the admin API);</li>
 *   <li>starts bundles one after the other on its one thread, so a plugin whose activator never returns
 *       blocks every later install;</li>
 *   <li>keeps failures to its log, so a throwing activator or a bad manifest looked fine or "pending".</li>
 * </ul>
 * Here a symbolic name of a built-in bundle (or the reserved {@code org.ferry.} namespace, or one another
 * deploy-folder file already provides) is refused and reported; every file has its own sequence of
 * operations on its own thread, so a hanging activator holds up only its own file, and a start still running
 * after {@link #START_TIMEOUT} is reported as stuck; the outcome of each file (refused, invalid, failed with
 * the activator's message) is kept for the plugin list and the health check.
 */
@Component(service = {ArtifactInstaller.class, PluginInstaller.class})
public class PluginInstaller implements ArtifactInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(PluginInstaller.class);
    /** Framework property: seconds a plugin's start may take before it is reported stuck. */
    public static final String START_TIMEOUT_PROPERTY = "ferry.plugins.startTimeout";
    static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REFRESH_WAIT = Duration.ofSeconds(30);
    static final String RESERVED_PREFIX = "org.ferry.";

    /** What became of a deploy-folder file, as far as this installer got. */
    enum Phase { INSTALLING, STARTING, DONE, FAILED, INVALID, REFUSED }

    /**
     * @param symbolicName the manifest's symbolic name, or {@code null} when it has none
     * @param error        why the file is not working, or {@code null}
     * @param since        when the phase began (a start that lasts is stuck)
     */
    record Outcome(Phase phase, String symbolicName, String error, Instant since) {
    }

    private final BundleContext context;
    private final DeployFolder folder;
    private final Clock clock;
    private final Duration startTimeout;
    private final Map<Path, Outcome> outcomes = new ConcurrentHashMap<>();
    private final Map<Path, CompletableFuture<Void>> chains = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("ferry-plugin-", 0).factory());
    private final BundleListener retry = this::bundleChanged;
    /** Deciding whether a name may be deployed and claiming it happen together, so two files cannot both claim one. */
    private final Object claims = new Object();

    @Activate
    public PluginInstaller(BundleContext context) {
        this(context, DeployFolder.of(context), Clock.systemUTC(), timeout(context.getProperty(START_TIMEOUT_PROPERTY)));
    }

    PluginInstaller(BundleContext context, DeployFolder folder, Clock clock, Duration startTimeout) {
        this.context = context;
        this.folder = folder;
        this.clock = clock;
        this.startTimeout = startTimeout;
        context.addBundleListener(retry);
        // bundles of the folder left from before (a kept framework cache, or this component restarted) are
        // not handed over again by the watcher while their files are unchanged: start them here
        for (Bundle b : context.getBundles()) {
            folder.fileOf(b).filter(f -> Files.exists(f) && b.getState() != Bundle.ACTIVE).ifPresent(f -> start(f, b));
        }
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(retry);
        threads.shutdownNow();
    }

    private static Duration timeout(String seconds) {
        try {
            return seconds == null ? START_TIMEOUT : Duration.ofSeconds(Math.max(1, Long.parseLong(seconds.trim())));
        } catch (NumberFormatException e) {
            return START_TIMEOUT;
        }
    }

    /** Every jar of the deploy folder is ours, valid or not, so the watcher never installs one itself. */
    @Override
    public boolean canHandle(File artifact) {
        return artifact.getName().endsWith(".jar") && folder.contains(artifact.toPath());
    }

    @Override
    public void install(File artifact) {
        apply(artifact.toPath());
    }

    @Override
    public void update(File artifact) {
        apply(artifact.toPath());
    }

    @Override
    public void uninstall(File artifact) {
        Path file = normalized(artifact.toPath());
        then(file, () -> {
            outcomes.remove(file);
            Optional<Bundle> bundle = bundleAt(file);
            if (bundle.isPresent()) {
                try {
                    bundle.get().uninstall();
                    LOG.info("Plugin {} uninstalled ({} removed)", bundle.get().getSymbolicName(), file.getFileName());
                    refresh(bundle.get());
                } catch (BundleException | IllegalStateException e) {
                    LOG.warn("Plugin file {} removed, but its bundle could not be uninstalled: {}", file.getFileName(),
                            BundleDiagnosis.rootMessage(e));
                }
            }
        });
    }

    /** @return what became of a deploy-folder file, if the installer has seen it */
    Optional<Outcome> outcome(Path file) {
        return Optional.ofNullable(outcomes.get(normalized(file)));
    }

    /** @return whether a start has been running longer than allowed */
    boolean stuck(Outcome o) {
        return o.phase() == Phase.STARTING && Duration.between(o.since(), clock.instant()).compareTo(startTimeout) > 0;
    }

    Duration startTimeout() {
        return startTimeout;
    }

    /**
     * Why a plugin with this symbolic name may not be deployed from {@code file}, or {@code null}: the name of a
     * built-in bundle, the reserved namespace, or a name another deploy-folder file already provides.
     */
    String refusal(String symbolicName, Path file) {
        if (symbolicName.startsWith(RESERVED_PREFIX)) {
            return "the symbolic name '" + symbolicName + "' is in the namespace reserved for Ferry's built-in bundles"
                    + " (" + RESERVED_PREFIX + "*); a plugin cannot take it";
        }
        for (Bundle b : context.getBundles()) {
            if (!symbolicName.equals(b.getSymbolicName())) {
                continue;
            }
            Optional<Path> from = folder.fileOf(b);
            if (from.isEmpty() || b.getBundleId() == 0) {
                return "'" + symbolicName + "' is the symbolic name of a built-in bundle; a plugin cannot replace it";
            }
            if (file == null || !from.get().equals(normalized(file))) {
                return "plugin '" + symbolicName + "' is already deployed from " + from.get().getFileName()
                        + "; replace that file to update it";
            }
        }
        for (Path other : folder.files()) {
            Outcome o = outcomes.get(normalized(other));
            if ((file == null || !normalized(other).equals(normalized(file))) && o != null
                    && symbolicName.equals(o.symbolicName()) && o.phase() != Phase.REFUSED && o.phase() != Phase.INVALID) {
                return "plugin '" + symbolicName + "' is already deployed from " + other.getFileName()
                        + "; replace that file to update it";
            }
        }
        return null;
    }

    private void apply(Path path) {
        Path file = normalized(path);
        outcomes.put(file, new Outcome(Phase.INSTALLING, null, null, clock.instant()));
        then(file, () -> {
            Optional<Manifest> manifest = DeployFolder.readManifest(file);
            String problem = DeployFolder.problemOf(file);
            if (problem != null) {
                fail(file, Phase.INVALID, null, problem);
                return;
            }
            String bsn = DeployFolder.symbolicName(manifest.get()).orElseThrow();
            Bundle bundle;
            try (InputStream in = Files.newInputStream(file)) {
                Optional<Bundle> existing;
                synchronized (claims) {
                    String refused = refusal(bsn, file);
                    if (refused != null) {
                        fail(file, Phase.REFUSED, bsn, refused);
                        return;
                    }
                    outcomes.put(file, new Outcome(Phase.INSTALLING, bsn, null, clock.instant()));
                    existing = bundleAt(file);
                    bundle = existing.isPresent() ? existing.get() : context.installBundle(folder.location(file), in);
                }
                if (existing.isPresent()) {
                    // outside the claim: stopping the old revision runs the plugin's code, which may take its time
                    bundle.update(in);
                    LOG.info("Plugin {} updated from {}", bsn, file.getFileName());
                    refresh(bundle);
                } else {
                    LOG.info("Plugin {} {} installed from {}", bsn, bundle.getVersion(), file.getFileName());
                }
            } catch (BundleException | IOException | IllegalStateException | SecurityException e) {
                fail(file, Phase.INVALID, bsn, "the framework refused to install it: " + BundleDiagnosis.rootMessage(e));
                return;
            }
            startNow(file, bundle);
        });
    }

    private void start(Path file, Bundle bundle) {
        then(normalized(file), () -> startNow(normalized(file), bundle));
    }

    private void startNow(Path file, Bundle bundle) {
        if (bundle.getState() == Bundle.UNINSTALLED) {
            return;
        }
        if (bundle.getHeaders().get("Fragment-Host") != null) {
            outcomes.put(file, new Outcome(Phase.DONE, bundle.getSymbolicName(), null, clock.instant()));
            return;
        }
        outcomes.put(file, new Outcome(Phase.STARTING, bundle.getSymbolicName(), null, clock.instant()));
        try {
            // transient: the framework never starts a plugin by itself at the next launch, where a hanging
            // activator would hold up the whole server; this installer starts it, on its own thread
            bundle.start(Bundle.START_TRANSIENT);
            outcomes.put(file, new Outcome(Phase.DONE, bundle.getSymbolicName(), null, clock.instant()));
            LOG.info("Plugin {} started", bundle.getSymbolicName());
        } catch (BundleException | IllegalStateException | SecurityException e) {
            String why = e instanceof BundleException be && be.getType() == BundleException.ACTIVATOR_ERROR
                    ? "its activator failed: " + BundleDiagnosis.rootMessage(e.getCause() == null ? e : e.getCause())
                    : BundleDiagnosis.rootMessage(e);
            fail(file, Phase.FAILED, bundle.getSymbolicName(), why);
        }
    }

    private void fail(Path file, Phase phase, String bsn, String why) {
        outcomes.put(file, new Outcome(phase, bsn, why, clock.instant()));
        LOG.warn("Plugin file {}: {}", file.getFileName(), why);
    }

    /** A plugin that could not resolve may resolve now that another bundle arrived: try its start again. */
    private void bundleChanged(BundleEvent event) {
        if (event.getType() != BundleEvent.INSTALLED && event.getType() != BundleEvent.RESOLVED) {
            return;
        }
        for (Bundle b : context.getBundles()) {
            if (b.getState() != Bundle.INSTALLED || b.equals(event.getBundle())) {
                continue;
            }
            folder.fileOf(b).ifPresent(f -> {
                Outcome o = outcomes.get(f);
                if (o != null && o.phase() == Phase.FAILED) {
                    start(f, b);
                }
            });
        }
    }

    /** Runs the file's next operation after its previous one, on a pool thread: one file never waits for another. */
    private void then(Path file, Runnable operation) {
        chains.compute(file, (f, previous) -> (previous == null ? CompletableFuture.<Void>completedFuture(null) : previous)
                .thenRunAsync(() -> {
                    try {
                        operation.run();
                    } catch (RuntimeException e) {
                        fail(file, Phase.FAILED, null, BundleDiagnosis.rootMessage(e));
                    }
                }, threads));
    }

    /** The bundle installed from the file, whichever spelling of its location was used to install it. */
    private Optional<Bundle> bundleAt(Path file) {
        for (Bundle b : context.getBundles()) {
            if (folder.fileOf(b).filter(file::equals).isPresent()) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /** Lets the framework drop an updated or uninstalled bundle's old wiring; waits a bounded time for it. */
    private void refresh(Bundle bundle) {
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        CountDownLatch done = new CountDownLatch(1);
        wiring.refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        try {
            if (!done.await(REFRESH_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("The framework did not finish refreshing {} within {} s", bundle.getSymbolicName(),
                        REFRESH_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path normalized(Path file) {
        return file.toAbsolutePath().normalize();
    }
}
