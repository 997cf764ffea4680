package org.ferry.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.felix.framework.FrameworkFactory;
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

    private FerryServer() {
    }

    public static void main(String[] args) {
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
            return 3;
        }
        Path log = LogFile.install(options.data().resolve("logs"));
        configureLogging();

        Map<String, String> props = FrameworkProperties.of(options.data().resolve("felix-cache").toString(),
                options.data().toString(), options.conf().toString(), options.deploy().toString(),
                options.host(), options.port());
        if (options.sandbox()) {
            props.put("ferry.sandbox", "true");
            options.sandboxOptions().forEach((k, v) -> props.put("ferry.sandbox." + k, v));
        }
        Framework framework = new FrameworkFactory().newFramework(props);
        framework.init();
        install(framework, BundlePlan.of(options.home().resolve("bundles")), options.sandboxOnly());

        Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(framework, pidFile), "ferry-shutdown"));
        framework.start();

        String base = "http://" + (options.host().equals("0.0.0.0") ? "127.0.0.1" : options.host()) + ":" + options.port();
        if (options.sandboxOnly()) {
            awaitHttp(URI.create(base + "/sandbox/login/ferry/oauth2/v2.0/token"), framework, true);
            System.out.println("Ferry sandbox is up at " + base + "/sandbox/ (log: " + log + ")");
        } else {
            awaitHttp(URI.create(base + "/api/health"), framework, false);
            System.out.println("Ferry is up at " + base + "/  (data: " + options.data() + ", plugins: "
                    + options.deploy() + ", log: " + log + ")");
        }
        FrameworkEvent stopped = framework.waitForStop(0);
        return stopped.getType() == FrameworkEvent.ERROR ? 1 : 0;
    }

    private static void install(Framework framework, List<BundlePlan.Entry> plan, boolean sandboxOnly) throws BundleException {
        var context = framework.getBundleContext();
        List<Bundle> installed = new java.util.ArrayList<>();
        for (BundlePlan.Entry entry : plan) {
            if (sandboxOnly && entry.symbolicName().startsWith("org.ferry.") && !entry.symbolicName().equals("org.ferry.sandbox")) {
                continue;
            }
            Bundle bundle = context.installBundle(entry.file().toUri().toString());
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

    /**
     * Waits until HTTP answers, so "up" is printed only when it is true: health must say 200 or 503; the
     * sandbox, which has no health route, must answer anything but a server error.
     */
    private static void awaitHttp(URI uri, Framework framework, boolean anyAnswer) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && framework.getState() == Bundle.ACTIVE) {
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                int status = response.statusCode();
                if (status == 200 || status == 503 || anyAnswer && status < 500 && status != 404) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        System.err.println("ferry: HTTP did not answer at " + uri + " within " + READY_TIMEOUT.toSeconds() + " s; see the log");
    }

    private static void stop(Framework framework, Path pidFile) {
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

    private static void configureLogging() {
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "info");
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        setDefault("org.slf4j.simpleLogger.showThreadName", "true");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
        setDefault("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        setDefault("org.slf4j.simpleLogger.log.org.apache.aries.spifly", "warn");
        // java.util.logging (Jersey, HK2) on one line, like the rest
        setDefault("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ [%3$s] %4$s %5$s%6$s%n");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
