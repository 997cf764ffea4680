package org.ferry.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Which shipped bundles start at which start level. Order matters in a few places only, and each is a
 * lesson from reference/osgi-stack.md: the OSGi utility libraries first; the ServiceLoader mediator
 * (SPI Fly) and the SLF4J provider (Logback) before anything logs, or SLF4J falls back to its no-op logger;
 * SCR and Configuration Admin before the components they manage; Jersey, HK2 and Jackson active before
 * any bundle uses them, because Jersey decides once, in a static initialiser, whether it runs in OSGi
 * (it does only if jersey-common is already active) and otherwise never finds its injection manager;
 * the deploy-folder watcher last, so
 * plugins arrive on a finished platform. Everything else is ordered by the resolver and by DS.
 *
 * <p>Used by the launcher and by the integration tests, so both start the same thing the same way.
 */
public final class BundlePlan {
    public static final int LEVEL_LIBRARIES = 1;
    public static final int LEVEL_LOGGING = 2;
    public static final int LEVEL_CONTAINERS = 3;
    public static final int LEVEL_PLATFORM = 4;
    public static final int LEVEL_DEPLOY = 5;
    /** Bundles installed later (plugins) start at the final level too. */
    public static final int FINAL_LEVEL = LEVEL_DEPLOY;

    private static final Set<String> LIBRARIES = Set.of(
            "org.osgi.util.function", "org.osgi.util.promise", "org.osgi.service.component");
    private static final Set<String> LOGGING = Set.of(
            "org.apache.aries.spifly.dynamic.bundle", "slf4j.api", "ch.qos.logback.classic", "ch.qos.logback.core",
            "org.objectweb.asm", "org.objectweb.asm.commons", "org.objectweb.asm.tree",
            "org.objectweb.asm.tree.analysis", "org.objectweb.asm.util");
    /*
     * Derby and the engine start with the containers, before the web stack: the engine opens its store on a thread
     * of its own (StoreStarter), which then overlaps Jetty's, Jersey's and the plugins' starts instead of following
     * them. SCR sorts before them, so the engine's components are found when it starts.
     */
    private static final Set<String> CONTAINERS = Set.of(
            "org.apache.felix.scr", "org.apache.felix.configadmin", "org.glassfish.hk2.osgi-resource-locator",
            "org.ferry.derby", "org.ferry.runtime.engine");
    private static final List<String> CONTAINER_PREFIXES = List.of(
            "org.glassfish.jersey.", "org.glassfish.hk2.", "com.fasterxml.jackson.", "jakarta.", "org.javassist");
    private static final Set<String> DEPLOY = Set.of("org.apache.felix.fileinstall");

    /** A bundle file to install, with its symbolic name and start level. */
    public record Entry(Path file, String symbolicName, int startLevel) {
    }

    private BundlePlan() {
    }

    /** @return every bundle in the folder, in installation order (by start level, then name) */
    public static List<Entry> of(Path bundlesDir) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(bundlesDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jar")).toList()) {
                String bsn = symbolicName(f);
                if (bsn == null) {
                    throw new IOException(f.getFileName() + " in " + bundlesDir + " is not an OSGi bundle");
                }
                entries.add(new Entry(f, bsn, levelOf(bsn)));
            }
        }
        entries.sort(Comparator.comparingInt(Entry::startLevel).thenComparing(Entry::symbolicName));
        return entries;
    }

    static int levelOf(String symbolicName) {
        if (LIBRARIES.contains(symbolicName)) {
            return LEVEL_LIBRARIES;
        }
        if (LOGGING.contains(symbolicName)) {
            return LEVEL_LOGGING;
        }
        if (CONTAINERS.contains(symbolicName) || CONTAINER_PREFIXES.stream().anyMatch(symbolicName::startsWith)) {
            return LEVEL_CONTAINERS;
        }
        if (DEPLOY.contains(symbolicName)) {
            return LEVEL_DEPLOY;
        }
        return LEVEL_PLATFORM;
    }

    static String symbolicName(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            if (file.getManifest() == null) {
                return null;
            }
            String value = file.getManifest().getMainAttributes().getValue("Bundle-SymbolicName");
            if (value == null) {
                return null;
            }
            int semicolon = value.indexOf(';');
            return (semicolon < 0 ? value : value.substring(0, semicolon)).trim();
        }
    }
}
