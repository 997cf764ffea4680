package org.ferry.itests;

import static org.junit.Assert.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * Finding 5 of issue 20: failed logins must not lock out the innocent. Each test speaks from its own loopback
 * addresses (127.0.0.x; the whole block is this machine), so the server sees distinct clients.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LockoutIT extends FerryTestSupport {
    private static final String VERA = "viewer-password-1234";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        return ferry();
    }

    @Before
    public void users() throws Exception {
        String api = baseUrl(context) + "/api";
        awaitJson(api + "/health", Duration.ofSeconds(30), h -> h.has("status"));
        ensureUser(api, "vera", VERA, "viewer");
    }

    @Test
    public void sprayingRandomNamesFromAnAddressDoesNotLockOutTheRealAdminThere() throws Exception {
        String proxy = "127.0.0.21";
        String prefix = "random-" + System.nanoTime() + "-";
        for (int i = 0; i < 25; i++) {
            assertEquals(401, loginFrom(proxy, prefix + i, "guess-" + i));
        }
        assertEquals("a name the address failed on is refused", 429, loginFrom(proxy, prefix + 3, "guess"));
        assertEquals("the real admin behind the same address logs in", 200, loginFrom(proxy, "admin", ADMIN_PASSWORD));
        assertEquals("and a user the address never failed on", 200, loginFrom(proxy, "vera", VERA));
        assertEquals("by Basic credentials too", 200, basic(proxy, "vera", VERA));
    }

    @Test
    public void failuresOnANameLockItFromThatAddressOnly() throws Exception {
        String attacker = "127.0.0.31";
        for (int i = 0; i < 5; i++) {
            assertEquals(401, loginFrom(attacker, "vera", "not-veras-password-" + i));
        }
        assertEquals("even the right password waits from there", 429, loginFrom(attacker, "vera", VERA));
        assertEquals(429, basic(attacker, "vera", VERA));
        assertEquals("vera logs in from her own address", 200, loginFrom("127.0.0.32", "vera", VERA));
        assertEquals("and others from the attacker's", 200, loginFrom(attacker, "admin", ADMIN_PASSWORD));
    }

    private int loginFrom(String from, String username, String password) throws Exception {
        return post(from, "/api/auth/token", json(Map.of("username", username, "password", password)), Map.of());
    }

    private int basic(String from, String username, String password) throws Exception {
        String credentials = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        return request(from, "GET", "/api/transforms", null, Map.of("Authorization", "Basic " + credentials));
    }

    private int post(String from, String path, String body, Map<String, String> headers) throws Exception {
        return request(from, "POST", path, body, headers);
    }

    /** HTTP/1.1 over a socket bound to the given local address: the server's view of the client address. */
    private int request(String from, String method, String path, String body, Map<String, String> headers) throws Exception {
        int port = Integer.parseInt(context.getProperty("org.osgi.service.http.port"));
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\n");
            if (body != null) {
                head.append("Content-Type: application/json\r\nContent-Length: ").append(content.length).append("\r\n");
            }
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                line.write(b);
            }
            String status = line.toString(StandardCharsets.US_ASCII);
            return Integer.parseInt(status.split(" ")[1]);
        }
    }
}
