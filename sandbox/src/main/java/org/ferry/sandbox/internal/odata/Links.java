package org.ferry.sandbox.internal.odata;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Builds next and delta links that repeat the client's query options. */
public final class Links {
    private Links() {
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code root + path + ?} the given options (minus the ones replaced) plus one extra option. */
    public static String withOption(String root, String path, Map<String, String> query, String name, String value,
                                    String... drop) {
        StringBuilder sb = new StringBuilder(root).append(path);
        char sep = '?';
        outer:
        for (Map.Entry<String, String> e : query.entrySet()) {
            for (String d : drop) {
                if (e.getKey().equals(d)) {
                    continue outer;
                }
            }
            if (e.getKey().equals(name)) {
                continue;
            }
            sb.append(sep).append(encodeKey(e.getKey())).append('=').append(encode(e.getValue()));
            sep = '&';
        }
        return sb.append(sep).append(encodeKey(name)).append('=').append(encode(value)).toString();
    }

    private static String encodeKey(String key) {
        return key.startsWith("$") ? "$" + encode(key.substring(1)) : encode(key);
    }
}
