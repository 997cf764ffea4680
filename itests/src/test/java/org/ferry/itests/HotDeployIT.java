package org.ferry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Plugins arrive and leave through the deploy folder without a restart, and broken ones are shown,
 * not fatal.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeployIT extends FerryTestSupport {
    private static final Duration WITHIN = Duration.ofSeconds(5);

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        return ferry();
    }

    @Test
    public void partnerTransformComesAndGoes() throws Exception {
        String api = baseUrl(context) + "/api";
        awaitJson(api + "/health", Duration.ofSeconds(20), h -> "UP".equals(h.path("status").asText()));
        Path deployed = drop(pluginJar(context, "partner-transform-phone.jar"));
        awaitJson(api + "/transforms", WITHIN, t -> anyItem(t, "type", "PhoneE164"));
        JsonNode plugins = getJson(api + "/plugins?limit=500");
        JsonNode phone = item(plugins, "com.example.ferry.phone");
        assertEquals("ACTIVE", phone.path("state").asText());
        assertTrue(phone.path("deployed").asBoolean());
        assertEquals("PhoneE164", phone.path("transforms").path(0).asText());

        Files.delete(deployed);
        awaitJson(api + "/transforms", WITHIN, t -> !anyItem(t, "type", "PhoneE164"));
        awaitJson(api + "/plugins?limit=500", WITHIN, p -> !anyItem(p, "symbolicName", "com.example.ferry.phone"));
    }

    @Test
    public void partnerConnectorComesAndGoes() throws Exception {
        String api = baseUrl(context) + "/api";
        awaitJson(api + "/health", Duration.ofSeconds(20), h -> "UP".equals(h.path("status").asText()));
        Path deployed = drop(pluginJar(context, "partner-connector-csv.jar"));
        JsonNode types = awaitJson(api + "/connector-types", WITHIN, t -> anyItem(t, "type", "csv-files"));
        for (JsonNode type : types.path("items")) {
            if ("csv-files".equals(type.path("type").asText())) {
                assertEquals("com.example.ferry.csv", type.path("bundle").asText());
                assertTrue("csv-files declares its configuration fields", type.path("fields").size() > 0);
            }
        }
        Files.delete(deployed);
        awaitJson(api + "/connector-types", WITHIN, t -> !anyItem(t, "type", "csv-files"));
    }

    @Test
    public void brokenJarsAreShownAndTheServerStaysHealthy() throws Exception {
        String api = baseUrl(context) + "/api";
        awaitJson(api + "/health", Duration.ofSeconds(20), h -> "UP".equals(h.path("status").asText()));
        Path corrupt = Files.createTempFile("corrupt", ".jar");
        Files.write(corrupt, "this is not a zip file".getBytes());
        drop(corrupt, "corrupt-plugin.jar");
        Path unresolvable = Files.createTempFile("unresolvable", ".jar");
        writeBundle(unresolvable, "com.example.unresolvable", "com.example.does.not.exist;version=\"[1,2)\"");
        drop(unresolvable, "unresolvable-plugin.jar");

        // a jar is listed PENDING from when it is seen in deploy/ until the framework has tried it: wait for that try
        JsonNode plugins = awaitJson(api + "/plugins?limit=500", Duration.ofSeconds(10), p ->
                location(p, "deploy/corrupt-plugin.jar") != null && anyItem(p, "symbolicName", "com.example.unresolvable")
                        && !"PENDING".equals(item(p, "com.example.unresolvable").path("state").asText()));
        JsonNode corruptItem = location(plugins, "deploy/corrupt-plugin.jar");
        assertEquals("INVALID", corruptItem.path("state").asText());
        assertTrue(corruptItem.path("error").asText(), corruptItem.path("error").asText().contains("not a valid jar"));
        JsonNode unresolvedItem = item(plugins, "com.example.unresolvable");
        assertEquals("INSTALLED", unresolvedItem.path("state").asText());
        assertTrue(unresolvedItem.path("error").asText(),
                unresolvedItem.path("error").asText().contains("com.example.does.not.exist"));

        JsonNode health = getJson(api + "/health");
        assertEquals("UP", health.path("status").asText());
    }

    private Path drop(Path jar) throws Exception {
        return drop(jar, jar.getFileName().toString());
    }

    /** Copies next to the folder first and moves in, as an admin's tooling should: never a half-written jar. */
    private Path drop(Path jar, String name) throws Exception {
        Path deploy = deployDir(context);
        Path staging = Files.createTempFile(deploy.getParent(), "staging", ".tmp");
        Files.copy(jar, staging, StandardCopyOption.REPLACE_EXISTING);
        return Files.move(staging, deploy.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeBundle(Path file, String symbolicName, String importPackage) throws Exception {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", importPackage);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
    }

    private static JsonNode item(JsonNode list, String symbolicName) {
        for (JsonNode i : list.path("items")) {
            if (symbolicName.equals(i.path("symbolicName").asText(null))) {
                return i;
            }
        }
        throw new AssertionError(symbolicName + " not in " + list);
    }

    private static JsonNode location(JsonNode list, String location) {
        for (JsonNode i : list.path("items")) {
            if (location.equals(i.path("location").asText(null))) {
                return i;
            }
        }
        return null;
    }
}
