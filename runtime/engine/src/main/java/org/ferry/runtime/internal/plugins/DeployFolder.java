package org.ferry.runtime.internal.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.ferry.api.error.ConfigurationException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.ferry.runtime.management.ConflictException;
import org.ferry.runtime.management.PluginFile;

/**
 * The folder the framework's file watcher installs bundles from. Writes go through a temporary file
 * outside the folder and an atomic move, because the watcher reacts to any file it sees, including a
 * half-written one.
 */
final class DeployFolder {
    static final String DIR_PROPERTY = "felix.fileinstall.dir";
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}\\.jar");
    private static final long MAX_SIZE = 100L * 1024 * 1024;

    private final Path dir;

    DeployFolder(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** The folder the framework's file watcher is configured with ({@value #DIR_PROPERTY}). */
    static DeployFolder of(BundleContext context) {
        String dir = context.getProperty(DIR_PROPERTY);
        return new DeployFolder(Path.of(dir == null ? "deploy" : dir));
    }

    /** @return the file a bundle was installed from, if its location is a file of this folder */
    Optional<Path> fileOf(Bundle bundle) {
        return pathOf(bundle).filter(this::contains);
    }

    /** @return the file a bundle was installed from, if its location names a file */
    static Optional<Path> pathOf(Bundle b) {
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

    /** The location a file's bundle is installed under. */
    String location(Path file) {
        return file.toAbsolutePath().normalize().toUri().toString();
    }

    Path dir() {
        return dir;
    }

    List<Path> files() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    boolean contains(Path file) {
        return file.toAbsolutePath().normalize().startsWith(dir);
    }

    /**
     * Stores an uploaded plugin, refusing what the installer would refuse (so the uploader is told at once) and
     * never replacing another plugin's file: a file name may be reused only for the same symbolic name.
     *
     * @param refusal why a symbolic name may not be deployed to a file, or {@code null} ({@link PluginInstaller#refusal})
     */
    PluginFile store(String fileName, InputStream content, BiFunction<String, Path, String> refusal) {
        if (fileName == null || !FILE_NAME.matcher(fileName).matches()) {
            throw new ConfigurationException("file", "must be a plain file name ending in .jar (letters, digits, '.', '_', '-')");
        }
        Path staging = null;
        try {
            Files.createDirectories(dir);
            Path stagingDir = Files.createDirectories(dir.resolveSibling(dir.getFileName() + ".staging"));
            staging = Files.createTempFile(stagingDir, "upload-", ".jar");
            long size = copyBounded(content, staging);
            if (size == 0) {
                throw new ConfigurationException("file", "is empty");
            }
            Manifest manifest = readManifest(staging)
                    .orElseThrow(() -> new ConfigurationException("file", "is not a jar file with a manifest"));
            String bsn = symbolicName(manifest)
                    .orElseThrow(() -> new ConfigurationException("file", "is not an OSGi bundle (no Bundle-SymbolicName)"));
            String version = Optional.ofNullable(manifest.getMainAttributes().getValue("Bundle-Version")).orElse("0.0.0");
            Path target = dir.resolve(fileName);
            if (Files.exists(target)) {
                String holder = readManifest(target).flatMap(DeployFolder::symbolicName).orElse(null);
                if (holder != null && !holder.equals(bsn)) {
                    throw new ConflictException("the file " + fileName + " holds plugin '" + holder + "'; upload '" + bsn
                            + "' under another file name, or remove '" + holder + "' first");
                }
            }
            String refused = refusal.apply(bsn, target);
            if (refused != null) {
                throw new ConflictException(refused);
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staging, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return new PluginFile(fileName, bsn, version);
        } catch (IOException e) {
            throw new ConfigurationException("file", "could not be stored: " + e.getMessage());
        } finally {
            if (staging != null) {
                try {
                    Files.deleteIfExists(staging);
                } catch (IOException ignored) {
                    // the staging folder is only ours; a leftover temp file does no harm
                }
            }
        }
    }

    /** @return the deploy-folder files whose manifest names this symbolic name */
    List<Path> filesOf(String symbolicName) {
        List<Path> result = new ArrayList<>();
        for (Path f : files()) {
            readManifest(f).flatMap(DeployFolder::symbolicName)
                    .filter(symbolicName::equals).ifPresent(x -> result.add(f));
        }
        return result;
    }

    /** @return why the file cannot be a bundle, or {@code null} if it looks like one */
    static String problemOf(Path file) {
        Optional<Manifest> manifest = readManifest(file);
        if (!file.getFileName().toString().endsWith(".jar")) {
            return "not a jar file";
        }
        if (manifest.isEmpty()) {
            return "not a valid jar file (cannot read its manifest)";
        }
        if (symbolicName(manifest.get()).isEmpty()) {
            return "not an OSGi bundle (its manifest has no Bundle-SymbolicName)";
        }
        return null;
    }

    static Optional<Manifest> readManifest(Path file) {
        try (JarFile jar = new JarFile(file.toFile())) {
            return Optional.ofNullable(jar.getManifest());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    static Optional<String> symbolicName(Manifest manifest) {
        String value = manifest.getMainAttributes().getValue(new Attributes.Name("Bundle-SymbolicName"));
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        int semicolon = value.indexOf(';');
        return Optional.of((semicolon < 0 ? value : value.substring(0, semicolon)).trim());
    }

    private static long copyBounded(InputStream in, Path target) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (var out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > MAX_SIZE) {
                    throw new ConfigurationException("file", "is larger than " + MAX_SIZE / (1024 * 1024) + " MB");
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }
}
