package org.ferry.sandbox.internal.throttle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The load balancer's server-affinity cookie, {@code ARRAffinity}: every Dataverse answer names the web server that
 * served it, and a request that sends the cookie back goes to that server. The value is an opaque hash, as Azure's
 * is; {@link #server} reads back which server it names.
 */
public final class Affinity {
    public static final String COOKIE = "ARRAffinity";
    private static final int MAX_SERVERS = 64;
    private static final String[] VALUES = new String[MAX_SERVERS];

    static {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < MAX_SERVERS; i++) {
                VALUES[i] = HexFormat.of().formatHex(sha.digest(("ferry-sandbox-web-" + i).getBytes(StandardCharsets.UTF_8)));
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Affinity() {
    }

    /** @return the {@code Set-Cookie} value that pins a client to {@code server} */
    public static String cookie(int server) {
        return COOKIE + "=" + VALUES[Math.max(0, server) % MAX_SERVERS] + ";Path=/;HttpOnly;Secure;Domain=sandbox";
    }

    /** @return the server a {@code Cookie} header's affinity cookie names, or {@code null} when it names none */
    public static Integer server(String cookieHeader) {
        if (cookieHeader == null) {
            return null;
        }
        for (String c : cookieHeader.split(";")) {
            String t = c.trim();
            if (t.startsWith(COOKIE + "=")) {
                String v = t.substring(COOKIE.length() + 1);
                for (int i = 0; i < MAX_SERVERS; i++) {
                    if (VALUES[i].equals(v)) {
                        return i;
                    }
                }
            }
        }
        return null;
    }
}
