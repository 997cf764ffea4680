package org.ferry.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WovenConsumersTest {
    private static final String CONTRACT = "osgi.contract;filter:=\"(&(osgi.contract=JavaServlet)(version=4.0))\"";
    private static final String LOADED = "osgi.serviceloader;filter:=\"(osgi.serviceloader=a.B)\";resolution:=optional;"
            + "cardinality:=multiple";

    @TempDir
    Path dir;

    @Test
    void dropsOnlyTheProcessorAndKeepsEveryEntry() throws IOException {
        Path jar = bundle(CONTRACT + "," + WovenConsumers.PROCESSOR + "," + LOADED);
        assertTrue(WovenConsumers.unweave(jar));
        try (JarFile rewritten = new JarFile(jar.toFile())) {
            Attributes main = rewritten.getManifest().getMainAttributes();
            assertEquals(CONTRACT + "," + LOADED, main.getValue("Require-Capability"));
            assertEquals("org.example.jetty", main.getValue("Bundle-SymbolicName"));
            assertArrayEquals("class bytes".getBytes(StandardCharsets.UTF_8),
                    rewritten.getInputStream(rewritten.getEntry("org/example/Server.class")).readAllBytes());
            assertTrue(rewritten.getEntry("META-INF/services/a.B") != null);
        }
        assertFalse(WovenConsumers.unweave(jar), "a second build finds nothing to drop");
    }

    private Path bundle(String requirements) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-SymbolicName", "org.example.jetty");
        main.putValue("Require-Capability", requirements);
        Path jar = dir.resolve("bundle.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new ZipEntry("org/example/Server.class"));
            out.write("class bytes".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            out.putNextEntry(new ZipEntry("META-INF/services/a.B"));
            out.write("a.Impl\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }
}
