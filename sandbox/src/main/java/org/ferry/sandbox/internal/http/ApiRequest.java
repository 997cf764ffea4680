package org.ferry.sandbox.internal.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request as the emulators see it, independent of the servlet API so that parts of a {@code $batch}
 * run through exactly the same code as top-level requests.
 *
 * @param method   HTTP method
 * @param path     the path below the service root, percent-decoded, without a leading slash
 * @param query    decoded query options, in request order
 * @param headers  headers with lower-case names
 * @param body     the request body (empty when none)
 * @param serviceRoot the absolute service root URL ending in '/', for links in responses
 */
public record ApiRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
                         byte[] body, String serviceRoot) {

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String query(String name) {
        return query.get(name);
    }

    public boolean isWrite() {
        return !method.equals("GET") && !method.equals("HEAD");
    }

    /** Parses a raw query string: '+' means space as browsers and Java's URLEncoder write it. */
    public static Map<String, String> parseQuery(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            q.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return q;
    }

    /** Decodes %XX escapes only: in a path '+' is a literal character. */
    public static String decodePath(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    public static Map<String, String> headerMap() {
        return new TreeMap<>();
    }
}
