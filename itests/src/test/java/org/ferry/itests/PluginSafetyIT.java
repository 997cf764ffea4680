package org.ferry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import javax.inject.Inject;

import org.ferry.itests.plugins.HangingActivator;
import org.ferry.itests.plugins.ThrowingActivator;
import org.junit.Before;
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
 * Findings 2 and 9 of issue 20, and the plugin items of issue 19, over a running framework: a plugin cannot
 * take a built-in bundle's name (upload or deploy folder); a hanging activator holds up no other plugin and is
 * reported stuck; a throwing activator's error is shown; a bad manifest is reported, not "pending" forever; an
 * upload never overwrites another plugin's file; the list shows partner plugins first and filters by origin;
 * health lists plugin problems.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginSafetyIT extends FerryTestSupport {
    private static final Duration WITHIN = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        Option[] base = ferry();
        Option[] all = java.util.Arrays.copyOf(base, base.length + 1);
        all[base.length] = frameworkProperty("ferry.plugins.startTimeout").value("3");
        return all;
    }

    private String api() {
        return baseUrl(context) + "/api";
    }

    @Before
    public void up() throws Exception {
        awaitJson(api() + "/health", Duration.ofSeconds(30), h -> h.has("status"));
    }

    @Test
    public void aBuiltInsNameIsRefusedOnUploadAndFromTheDeployFolder() throws Exception {
        int transforms = getJson(api() + "/transforms?limit=500").path("items").size();
        JsonNode builtIn = plugin(getJson(api() + "/plugins?origin=built-in&limit=500"), "org.ferry.transforms");
        Path impostor = jar("org.ferry.transforms", builtIn.path("version").asText(), Map.of(), Map.of());
        HttpResponse<String> upload = upload("transforms-override.jar", impostor);
        assertEquals(upload.body(), 409, upload.statusCode());
        assertTrue(upload.body(), upload.body().contains("built-in"));
        assertFalse(Files.exists(deployDir(context).resolve("transforms-override.jar")));

        JsonNode admin = plugin(getJson(api() + "/plugins?origin=built-in&limit=500"), "org.ferry.admin.web");
        Path dropped = drop(jar("org.ferry.admin.web", admin.path("version").asText(), Map.of(), Map.of()), "admin-override.jar");
        JsonNode refused = awaitJson(api() + "/plugins?origin=deployed", WITHIN,
                p -> "REFUSED".equals(at(p, "deploy/admin-override.jar").path("state").asText()));
        assertTrue(refused.toString(), at(refused, "deploy/admin-override.jar").path("error").asText().contains("built-in"));
        JsonNode stillThere = plugin(getJson(api() + "/plugins?origin=built-in&limit=500"), "org.ferry.admin.web");
        assertEquals("ACTIVE", stillThere.path("state").asText());
        assertEquals(admin.path("location").asText(), stillThere.path("location").asText());
        assertEquals(transforms, getJson(api() + "/transforms?limit=500").path("items").size());
        assertTrue(problems().contains("admin-override.jar"));

        Path reserved = drop(jar("org.ferry.connectors.extra", "1.0.0", Map.of(), Map.of()), "reserved-name.jar");
        awaitJson(api() + "/plugins?origin=deployed", WITHIN,
                p -> "REFUSED".equals(at(p, "deploy/reserved-name.jar").path("state").asText()));
        Files.delete(dropped);
        Files.delete(reserved);
        awaitJson(api() + "/health", WITHIN, h -> !h.toString().contains("admin-override.jar"));
    }

    @Test
    public void aHangingActivatorHoldsUpNoOtherPluginAndIsReportedStuck() throws Exception {
        Path release = deployDir(context).resolveSibling("release-hanging-" + System.nanoTime());
        Path hanging = drop(jar("com.example.hanging", "1.0.0", Map.of("Bundle-Activator", HangingActivator.class.getName(),
                "Import-Package", "org.osgi.framework", "Release-File", release.toString()),
                Map.of(classFile(HangingActivator.class), classBytes(HangingActivator.class))), "hanging.jar");
        Thread.sleep(500);
        Path phone = drop(pluginJar(context, "partner-transform-phone.jar"), "partner-transform-phone.jar");
        try {
            awaitJson(api() + "/transforms", WITHIN, t -> anyItem(t, "type", "PhoneE164"));
            JsonNode stuck = awaitJson(api() + "/plugins?origin=deployed", WITHIN,
                    p -> plugin(p, "com.example.hanging").path("error").asText().startsWith("stuck"));
            assertEquals("STARTING", plugin(stuck, "com.example.hanging").path("state").asText());
            assertTrue(problems().contains("com.example.hanging"));
        } finally {
            Files.createFile(release);
        }
        awaitJson(api() + "/plugins?origin=deployed", WITHIN,
                p -> "ACTIVE".equals(plugin(p, "com.example.hanging").path("state").asText())
                        && plugin(p, "com.example.hanging").path("error").isNull());
        Files.delete(hanging);
        Files.delete(phone);
        awaitJson(api() + "/plugins?origin=deployed", WITHIN, p -> !anyItem(p, "symbolicName", "com.example.hanging"));
    }

    @Test
    public void aThrowingActivatorsErrorIsShown() throws Exception {
        Path throwing = drop(jar("com.example.throwing", "1.0.0", Map.of("Bundle-Activator", ThrowingActivator.class.getName(),
                "Import-Package", "org.osgi.framework"),
                Map.of(classFile(ThrowingActivator.class), classBytes(ThrowingActivator.class))), "throwing.jar");
        JsonNode plugins = awaitJson(api() + "/plugins?origin=deployed", WITHIN,
                p -> plugin(p, "com.example.throwing").path("error").asText().contains(ThrowingActivator.MESSAGE));
        assertEquals("RESOLVED", plugin(plugins, "com.example.throwing").path("state").asText());
        assertTrue(problems().contains(ThrowingActivator.MESSAGE));
        Files.delete(throwing);
        awaitJson(api() + "/health", WITHIN, h -> !h.toString().contains(ThrowingActivator.MESSAGE));
    }

    @Test
    public void aBadManifestIsReportedNotPendingForever() throws Exception {
        Path bad = drop(jar("com.example.badversion", "not-a-version", Map.of(), Map.of()), "bad-manifest.jar");
        JsonNode plugins = awaitJson(api() + "/plugins?origin=deployed", WITHIN,
                p -> "INVALID".equals(at(p, "deploy/bad-manifest.jar").path("state").asText()));
        assertTrue(plugins.toString(), at(plugins, "deploy/bad-manifest.jar").path("error").asText().contains("refused to install"));
        assertTrue(problems().contains("bad-manifest.jar"));
        Files.delete(bad);
    }

    @Test
    public void anUploadNeverOverwritesAnotherPluginsFile() throws Exception {
        assertEquals(201, upload("shared-name.jar", jar("com.example.first", "1.0.0", Map.of(), Map.of())).statusCode());
        awaitJson(api() + "/plugins?origin=deployed", WITHIN, p -> "ACTIVE".equals(plugin(p, "com.example.first").path("state").asText()));
        HttpResponse<String> other = upload("shared-name.jar", jar("com.example.second", "1.0.0", Map.of(), Map.of()));
        assertEquals(other.body(), 409, other.statusCode());
        assertTrue(other.body(), other.body().contains("com.example.first"));
        HttpResponse<String> renamed = upload("another-name.jar", jar("com.example.first", "1.0.1", Map.of(), Map.of()));
        assertEquals(renamed.body(), 409, renamed.statusCode());
        assertEquals("an update under the same file name is fine", 201,
                upload("shared-name.jar", jar("com.example.first", "1.0.2", Map.of(), Map.of())).statusCode());
        awaitJson(api() + "/plugins?origin=deployed", WITHIN, p -> "1.0.2".equals(plugin(p, "com.example.first").path("version").asText()));
        assertEquals(204, call("DELETE", api() + "/plugins/com.example.first", adminToken(api()), null).statusCode());
    }

    @Test
    public void partnerPluginsComeFirstAndTheOriginFilterWorks() throws Exception {
        Path phone = drop(pluginJar(context, "partner-transform-phone.jar"), "phone-for-listing.jar");
        awaitJson(api() + "/plugins", WITHIN, p -> "com.example.ferry.phone".equals(p.path("items").path(0).path("symbolicName").asText()));
        JsonNode deployed = getJson(api() + "/plugins?origin=deployed&limit=500");
        assertTrue(deployed.path("items").size() >= 1);
        deployed.path("items").forEach(p -> assertEquals("deployed", p.path("origin").asText()));
        JsonNode builtIn = getJson(api() + "/plugins?origin=built-in&limit=500");
        assertTrue(builtIn.path("items").size() > 10);
        builtIn.path("items").forEach(p -> assertFalse(p.path("deployed").asBoolean()));
        HttpResponse<String> wrong = call("GET", api() + "/plugins?origin=partner", adminToken(api()), null);
        assertEquals(422, wrong.statusCode());
        assertEquals("origin", parse(wrong).path("errors").path(0).path("field").asText());
        Files.delete(phone);
    }

    private String problems() {
        return getJson(api() + "/health").path("problems").toString();
    }

    private HttpResponse<String> upload(String fileName, Path jar) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(api() + "/plugins?file=" + fileName))
                .header("Authorization", "Bearer " + adminToken(api())).header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofFile(jar)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Copies next to the folder first and moves in: never a half-written jar. */
    private Path drop(Path jar, String name) throws Exception {
        Path deploy = deployDir(context);
        Path staging = Files.createTempFile(deploy.getParent(), "staging", ".tmp");
        Files.copy(jar, staging, StandardCopyOption.REPLACE_EXISTING);
        return Files.move(staging, deploy.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static Path jar(String symbolicName, String version, Map<String, String> headers, Map<String, byte[]> entries)
            throws Exception {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        headers.forEach(main::putValue);
        Path file = Files.createTempFile("plugin", ".jar");
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (Map.Entry<String, byte[]> e : new LinkedHashMap<>(entries).entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey()));
                jar.write(e.getValue());
                jar.closeEntry();
            }
        }
        return file;
    }

    private static String classFile(Class<?> type) {
        return type.getName().replace('.', '/') + ".class";
    }

    private static byte[] classBytes(Class<?> type) throws Exception {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    private static JsonNode plugin(JsonNode list, String symbolicName) {
        for (JsonNode p : list.path("items")) {
            if (symbolicName.equals(p.path("symbolicName").asText(null))) {
                return p;
            }
        }
        return JSON.createObjectNode();
    }

    private static JsonNode at(JsonNode list, String location) {
        for (JsonNode p : list.path("items")) {
            if (location.equals(p.path("location").asText(null))) {
                return p;
            }
        }
        return JSON.createObjectNode();
    }
}
