package org.ferry.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.ferry.launcher.BundlePlan;
import org.ferry.launcher.FrameworkProperties;
import org.ops4j.pax.exam.Option;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Boots the distribution's bundles in a fresh Felix, configured as the launcher configures it, with
 * its own port, data and deploy folders per test class; and talks to it over real HTTP.
 *
 * <p>The configuration method runs outside the framework (where the system properties from failsafe
 * are visible) and hands the chosen port and folders to the test inside as framework properties.
 */
public abstract class FerryTestSupport {
    protected static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The first admin's password, handed to the server as the framework property
     * {@code ferry.admin.password} (tests cannot set {@code FERRY_ADMIN_PASSWORD} in process).
     */
    protected static final String ADMIN_PASSWORD = "it-admin-password-1234";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Admin tokens by server address: logging in hashes a password, so it is done once per server. */
    private static final Map<String, String> ADMIN_TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The server with the sandbox inside it, its client secret given. */
    protected Option[] ferryWithSandbox(String sandboxSecret) throws IOException {
        return ferry(frameworkProperty("ferry.sandbox").value("true"),
                frameworkProperty("ferry.sandbox.client-secret").value(sandboxSecret));
    }

    protected Option[] ferry(Option... extra) throws IOException {
        Path dist = Path.of(System.getProperty("ferry.dist"));
        Path work = Path.of(System.getProperty("ferry.work")).resolve(getClass().getSimpleName() + "-" + UUID.randomUUID());
        Path data = Files.createDirectories(work.resolve("data"));
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        Path conf = Files.createDirectories(work.resolve("conf"));
        int port = freePort();
        List<Option> options = new ArrayList<>();
        Map<String, String> props = FrameworkProperties.of(work.resolve("felix-cache").toString(), data.toString(),
                conf.toString(), deploy.toString(), "127.0.0.1", port);
        props.remove("org.osgi.framework.storage"); // Pax Exam manages the cache
        props.remove("org.osgi.framework.startlevel.beginning");
        props.forEach((k, v) -> options.add(frameworkProperty(k).value(v)));
        options.add(frameworkProperty("ferry.test.plugins").value(System.getProperty("ferry.plugins")));
        options.add(frameworkProperty("ferry.admin.password").value(ADMIN_PASSWORD));
        for (BundlePlan.Entry entry : BundlePlan.of(dist.resolve("bundles"))) {
            options.add(bundle(entry.file().toUri().toString()).startLevel(entry.startLevel()).start());
        }
        options.add(frameworkStartLevel(BundlePlan.FINAL_LEVEL + 5));
        options.add(systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
        // Logback as the launcher configures it: the distribution's lib/logback.xml, the logs under this test's folder
        options.add(systemProperty("logback.configurationFile").value(dist.resolve("lib").resolve("logback.xml").toString()));
        options.add(systemProperty("ferry.logs").value(data.resolve("logs").toString()));
        options.add(junitBundles());
        options.add(cleanCaches(true));
        options.addAll(List.of(extra));
        return options.toArray(Option[]::new);
    }

    protected static String baseUrl(org.osgi.framework.BundleContext context) {
        return "http://127.0.0.1:" + context.getProperty("org.osgi.service.http.port");
    }

    protected static Path deployDir(org.osgi.framework.BundleContext context) {
        return Path.of(context.getProperty("felix.fileinstall.dir"));
    }

    protected static Path pluginJar(org.osgi.framework.BundleContext context, String name) {
        return Path.of(context.getProperty("ferry.test.plugins")).resolve(name);
    }

    protected static Path dataDir(org.osgi.framework.BundleContext context) {
        return Path.of(context.getProperty("ferry.data"));
    }

    /** A GET as the admin. */
    protected static HttpResponse<String> get(String url) {
        return call("GET", url, adminToken(url), null);
    }

    /** A GET without credentials. */
    protected static HttpResponse<String> anonymous(String method, String url) {
        return send(request(url).method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    /**
     * A request with a bearer token (or none, for {@code null}) and an optional JSON body.
     *
     * @param body a JSON text, or {@code null} for no body
     */
    protected static HttpResponse<String> call(String method, String url, String token, String body) {
        HttpRequest.Builder builder = request(url);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(builder.build());
    }

    /** Logs in through {@code POST /api/auth/token} once the server is up; fails unless that succeeds. */
    protected static String login(String base, String username, String password) {
        awaitUp(base);
        HttpResponse<String> response = call("POST", base + "/api/auth/token", null,
                json(Map.of("username", username, "password", password)));
        if (response.statusCode() != 200) {
            throw new AssertionError("login of " + username + " failed: " + response.statusCode() + " " + response.body());
        }
        return parse(response).path("token").asText();
    }

    /**
     * Waits until {@code GET /api/health} answers UP: the store opens off the framework's start-level thread, and
     * until then (STARTING) every route that keeps state answers 503. Fails after two minutes with the last answer.
     */
    protected static void awaitUp(String base) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> health = anonymous("GET", base + "/api/health");
                last = health.statusCode() + " " + health.body();
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e.toString(); // not listening yet
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("the server was not UP within 2 minutes; last health answer: " + last);
    }

    protected static String adminToken(String url) {
        URI uri = URI.create(url);
        String base = uri.getScheme() + "://" + uri.getAuthority();
        return ADMIN_TOKENS.computeIfAbsent(base, b -> login(b, "admin", ADMIN_PASSWORD));
    }

    protected static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static JsonNode parse(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    private static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    }

    /** Sends a request, trying again on a fresh connection when the server closed one before answering. */
    protected static HttpResponse<String> send(HttpRequest request) {
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return (attempt == 1 ? HTTP : HttpClient.newHttpClient()).send(request, HttpResponse.BodyHandlers.ofString());
                } catch (IOException e) {
                    // The server may close a connection after answering early (a 403 before the body was read), and
                    // the JDK client then fails the request with an EOF instead of retrying a POST. The request never
                    // reached the server, so trying again on a fresh connection is honest; a route that really
                    // drops connections still fails every attempt.
                    if (attempt >= 4 || !closedBeforeAnswer(e)) {
                        throw new IOException(request.method() + " " + request.uri() + " failed " + attempt + " times: " + e, e);
                    }
                    Thread.sleep(100L * attempt);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether the server closed a kept-alive connection before the request got an answer: the JDK reports it as
     * an EOF, or as "header parser received no bytes" when the closed connection was taken from its pool.
     */
    private static boolean closedBeforeAnswer(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.EOFException || String.valueOf(t.getMessage()).contains("received no bytes")) {
                return true;
            }
        }
        return false;
    }

    protected static JsonNode getJson(String url) {
        HttpResponse<String> response = get(url);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON from " + url + " (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    /** Polls until the JSON at the URL satisfies the condition; fails with the last answer after the timeout. */
    protected static JsonNode awaitJson(String url, Duration timeout, Predicate<JsonNode> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = getJson(url);
                if (condition.test(last)) {
                    return last;
                }
            } catch (RuntimeException | AssertionError e) {
                // the server may still be starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("condition not met within " + timeout.toMillis() + " ms at " + url + "; last answer: " + last);
    }

    protected static boolean anyItem(JsonNode list, String field, String value) {
        for (JsonNode item : list.path("items")) {
            if (value.equals(item.path(field).asText(null))) {
                return true;
            }
        }
        return false;
    }

    /** Creates the user unless it exists, as the admin. */
    protected static void ensureUser(String api, String username, String password, String role) {
        String admin = adminToken(api);
        if (call("GET", api + "/users/" + username, admin, null).statusCode() == 404) {
            HttpResponse<String> created = call("POST", api + "/users", admin,
                    json(Map.of("username", username, "password", password, "role", role)));
            if (created.statusCode() != 201) {
                throw new AssertionError("could not create user " + username + ": " + created.body());
            }
        }
    }

    /**
     * The files under the folders that hold the text in plain bytes (UTF-8 or UTF-16, as Derby stores strings),
     * and how many files were searched.
     */
    protected record Scan(List<Path> found, int searched) {
    }

    protected static Scan filesContaining(List<Path> roots, String text) throws IOException {
        byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] utf16 = text.getBytes(java.nio.charset.StandardCharsets.UTF_16BE);
        List<Path> found = new ArrayList<>();
        int searched = 0;
        for (Path root : roots) {
            try (java.util.stream.Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    byte[] content;
                    try {
                        content = Files.readAllBytes(file);
                    } catch (IOException e) {
                        continue; // a file removed while walking (a Derby temporary) held nothing to find
                    }
                    searched++;
                    if (indexOf(content, utf8) >= 0 || indexOf(content, utf16) >= 0) {
                        found.add(file);
                    }
                }
            }
        }
        return new Scan(found, searched);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
