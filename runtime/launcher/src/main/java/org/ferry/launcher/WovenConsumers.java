package org.ferry.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/**
 * Run at packaging time on the distribution's copy of a bundle: drops its optional requirement of a ServiceLoader
 * processor, so Aries SPI Fly does not weave it.
 *
 * <p>Why: SPI Fly reads every class of a consumer bundle with ASM as it loads, looking for {@code ServiceLoader}
 * calls to rewrite. Felix's Jetty bundle declares itself a consumer (optionally), so its 600-odd classes were read at
 * every start, and the JIT compiled ASM's class reader for it: about a second of CPU of a three-second start on two
 * cores. Jetty needs none of it here: the server speaks plain HTTP/1.1 (no TLS, so no ALPN processors), and when
 * {@code ServiceLoader} finds no field pre-encoders Jetty uses its own HTTP/1.0 and 1.1 ones. The bundle is otherwise
 * unchanged, entry for entry.
 */
public final class WovenConsumers {
    static final String PROCESSOR = "osgi.extender;filter:=\"(osgi.extender=osgi.serviceloader.processor)\";resolution:=optional";

    private WovenConsumers() {
    }

    /** @param args the bundle jars to rewrite in place */
    public static void main(String[] args) throws IOException {
        for (String jar : args) {
            if (!unweave(Path.of(jar))) {
                // rewritten by an earlier build (copy-dependencies does not overwrite a release), or a new version
                System.out.println(jar + ": no optional ServiceLoader processor asked for; left as it is");
            }
        }
    }

    /** @return whether the bundle asked for the processor, now no longer */
    static boolean unweave(Path jar) throws IOException {
        Path rewritten = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (JarFile in = new JarFile(jar.toFile())) {
            Manifest manifest = new Manifest(in.getManifest());
            Attributes main = manifest.getMainAttributes();
            String requirements = main.getValue("Require-Capability");
            List<String> kept = new ArrayList<>(OsgiHeader.clauses(requirements == null ? "" : requirements));
            if (!kept.remove(PROCESSOR)) {
                return false;
            }
            main.putValue("Require-Capability", String.join(",", kept));
            try (OutputStream file = Files.newOutputStream(rewritten); JarOutputStream out = new JarOutputStream(file, manifest)) {
                for (JarEntry e : java.util.Collections.list(in.entries())) {
                    if (e.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    out.putNextEntry(new ZipEntry(e.getName()));
                    try (InputStream content = in.getInputStream(e)) {
                        content.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    /** Splits an OSGi header into its clauses at the commas outside quotes. */
    static final class OsgiHeader {
        private OsgiHeader() {
        }

        static List<String> clauses(String header) {
            List<String> clauses = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            boolean quoted = false;
            for (char c : header.toCharArray()) {
                if (c == '"') {
                    quoted = !quoted;
                }
                if (c == ',' && !quoted) {
                    clauses.add(current.toString().trim());
                    current.setLength(0);
                } else {
                    current.append(c);
                }
            }
            if (!current.isEmpty()) {
                clauses.add(current.toString().trim());
            }
            return clauses;
        }
    }
}
