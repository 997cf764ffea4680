package org.ferry.runtime.internal.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.ferry.api.error.ConfigurationException;
import org.ferry.runtime.management.PluginFile;

/**
 * The folder the framework's file watcher installs bundles from. Writes go through a temporary file
 * outside the folder and an atomic move, because the watcher reacts to any file it sees, including a
 * half-written one.
 */
final class DeployFolder {
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}\\.jar");
    private static final long MAX_SIZE = 100L * 1024 * 1024;

    private final Path dir;

    DeployFolder(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
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

    PluginFile store(String fileName, InputStream content) {
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
