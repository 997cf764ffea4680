package org.ferry.launcher;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.felix.framework.FrameworkFactory;
import org.ferry.store.StoreSettings;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Starts Ferry: an embedded Apache Felix with the shipped bundles, the deploy folder watched for
 * plugins, logs to the console and {@code data/logs/}, and a clean stop on SIGTERM.
 */
public final class FerryServer {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** Exit status when another process of this data folder runs. */
    static final int EXIT_RUNNING = 3;
    /** Exit status when the address or port cannot be listened on (taken by another server). */
    static final int EXIT_CANNOT_LISTEN = 4;
    /** The file in the data folder naming the running instance, as {@code GET /api/health} does. */
    static final String INSTANCE_FILE = "ferry.instance";
    private static final String USAGE = """
            Usage: ferry-server [--port 8080] [--host 127.0.0.1] [--data DIR] [--deploy DIR] [--conf DIR]
                                [--store postgresql://HOST:PORT/DB?user=U] [--node NAME] [--node-url URL]
                                [--run-slots N] [--sandbox | --sandbox-only] [--<sandbox option> VALUE ...]
            The store: --store, else FERRY_STORE_URL, else embedded Derby in the data folder. Its password: in the URL
            (password=P), a file (passwordFile=F or FERRY_STORE_PASSWORD_FILE) or FERRY_STORE_PASSWORD.
            Exit status: 0 stopped, 1 failed, 2 bad options, 3 already running from this data folder,
                         4 cannot listen (the port is taken).""";

    private FerryServer() {
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(USAGE);
            System.exit(0);
            return;
        }
        Path home = Path.of(System.getProperty("ferry.home", ".")).toAbsolutePath().normalize();
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(home, List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("ferry: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            System.exit(run(options));
        } catch (Exception e) {
            System.err.println("ferry: could not start: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
        }
    }

    static int run(LaunchOptions options) throws Exception {
        Files.createDirectories(options.data());
        Files.createDirectories(options.deploy());
        Path pidFile = options.data().resolve("ferry.pid");
        Optional<Long> running = runningPid(pidFile);
        if (running.isPresent()) {
            System.err.println("ferry: already running as process " + running.get() + " (" + pidFile + ")");
            return EXIT_RUNNING;
        }
        Optional<String> cannotListen = ListenCheck.problem(options.host(), options.port());
        if (cannotListen.isPresent()) {
            System.err.println("ferry: cannot start: " + cannotListen.get());
            return EXIT_CANNOT_LISTEN;
        }
        Path log = LogFile.install(options.data().resolve("logs"));
        configureLogging(options);

        // Names this process in GET /api/health, so neither this launcher nor a script waiting for it takes
        // another server's answer on the same port for its own.
        String instance = UUID.randomUUID().toString();
        Map<String, String> props = FrameworkProperties.of(options.data().resolve("felix-cache").toString(),
                options.data().toString(), options.conf().toString(), options.deploy().toString(),
                options.host(), options.port());
        props.put(FrameworkProperties.INSTANCE, instance);
        if (options.store() != null) {
            props.put(StoreSettings.URL_PROPERTY, options.store());
        }
        if (options.node() != null) {
            props.put("ferry.node", options.node());
        }
        if (options.nodeUrl() != null) {
            props.put("ferry.node.url", options.nodeUrl());
        }
        if (options.runSlots() != null) {
            props.put("ferry.runs.slots", options.runSlots().toString());
        }
        if (options.sandbox()) {
            props.put("ferry.sandbox", "true");
            options.sandboxOptions().forEach((k, v) -> props.put("ferry.sandbox." + k, v));
        }
        Framework framework = new FrameworkFactory().newFramework(props);
        framework.init();
        install(framework, BundlePlan.of(options.home().resolve("bundles")), options.sandboxOnly());

        Path instanceFile = options.data().resolve(INSTANCE_FILE);
        Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()));
        Files.writeString(instanceFile, instance);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(framework, pidFile, instanceFile), "ferry-shutdown"));
        framework.start();

        String base = "http://" + (options.host().equals("0.0.0.0") ? "127.0.0.1" : options.host()) + ":" + options.port();
        Readiness readiness = new Readiness(() -> framework.getState() == Bundle.ACTIVE, READY_TIMEOUT);
        Readiness.Result ready = options.sandboxOnly()
                ? readiness.awaitAnyAnswer(URI.create(base + "/sandbox/login/ferry/oauth2/v2.0/token"))
                : readiness.awaitHealth(URI.create(base + "/api/health"), instance);
        switch (ready.outcome()) {
            case READY -> System.out.println(options.sandboxOnly()
                    ? "Ferry sandbox is up at " + base + "/sandbox/ (log: " + log + ")"
                    : "Ferry is up at " + base + "/  (data: " + options.data() + ", plugins: " + options.deploy()
                            + ", store: " + options.storeSettings().describe()
                            + (options.node() == null ? "" : ", node: " + options.node()) + ", log: " + log + ")");
            case OTHER_SERVER -> {
                System.err.println("ferry: cannot start: " + ready.detail() + " answers on port " + options.port()
                        + " instead of this one; stop it or choose another port with --port N");
                return stopAfterFailedStart(framework, EXIT_CANNOT_LISTEN);
            }
            case TIMED_OUT -> {
                System.err.println("ferry: cannot start: " + base + " did not answer within " + READY_TIMEOUT.toSeconds()
                        + " s; see " + log);
                return stopAfterFailedStart(framework, 1);
            }
            case STOPPED -> {
                System.err.println("ferry: the framework stopped while starting; see " + log);
                return 1;
            }
        }
        FrameworkEvent stopped = framework.waitForStop(0);
        return stopped.getType() == FrameworkEvent.ERROR ? 1 : 0;
    }

    /** Stops the framework now (the shutdown hook then has nothing left to do but remove the files). */
    private static int stopAfterFailedStart(Framework framework, int exitCode) throws BundleException, InterruptedException {
        framework.stop();
        framework.waitForStop(STOP_TIMEOUT.toMillis());
        return exitCode;
    }

    private static void install(Framework framework, List<BundlePlan.Entry> plan, boolean sandboxOnly) throws BundleException {
        var context = framework.getBundleContext();
        List<Bundle> installed = new java.util.ArrayList<>();
        for (BundlePlan.Entry entry : plan) {
            if (sandboxOnly && entry.symbolicName().startsWith("org.ferry.") && !entry.symbolicName().equals("org.ferry.sandbox")) {
                continue;
            }
            // by reference: the framework reads the shipped jar where it is instead of copying it into its cache
            Bundle bundle = context.installBundle("reference:" + entry.file().toUri());
            bundle.adapt(BundleStartLevel.class).setStartLevel(entry.startLevel());
            installed.add(bundle);
        }
        // Resolve everything before anything starts: Jersey finds its injection manager by scanning
        // resolved bundles for service files, and jersey-hk2 is nobody's import, so it would otherwise
        // stay unresolved until its own turn to start, after the admin servlet already needed it.
        framework.adapt(FrameworkWiring.class).resolveBundles(installed);
        for (Bundle bundle : installed) {
            if (bundle.getHeaders().get("Fragment-Host") == null) {
                bundle.start();
            }
        }
    }

    private static void stop(Framework framework, Path pidFile, Path instanceFile) {
        try {
            if (framework.getState() == Bundle.ACTIVE || framework.getState() == Bundle.STARTING) {
                System.out.println("Ferry is stopping");
                framework.stop();
                framework.waitForStop(STOP_TIMEOUT.toMillis());
            }
        } catch (BundleException | InterruptedException e) {
            System.err.println("ferry: stop did not complete cleanly: " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(pidFile);
                Files.deleteIfExists(instanceFile);
            } catch (IOException ignored) {
                // the next start checks whether the recorded process is alive anyway
            }
        }
    }

    private static Optional<Long> runningPid(Path pidFile) {
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(h -> pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Logback (the SLF4J provider among the bundles) reads the conf folder's logback.xml, else the one shipped in
     * lib/: a file that rolls by size and by day under the data folder's logs/.
     */
    private static void configureLogging(LaunchOptions options) {
        Path own = options.conf().resolve("logback.xml");
        setDefault("logback.configurationFile", (Files.isRegularFile(own) ? own
                : options.home().resolve("lib").resolve("logback.xml")).toAbsolutePath().toString());
        setDefault("ferry.logs", options.data().resolve("logs").toAbsolutePath().toString());
        // java.util.logging (Jersey, HK2) on one line, like the rest
        setDefault("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ [%3$s] %4$s %5$s%6$s%n");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
