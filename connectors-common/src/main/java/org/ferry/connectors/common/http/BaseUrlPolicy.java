package org.ferry.connectors.common.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import org.ferry.api.error.ConfigurationException;

/**
 * Which service URLs a connector may call. Tokens travel in every request, so anything but https would
 * leak them; plain http is tolerated only to a loopback address when the engine allows it (the sandbox).
 */
public final class BaseUrlPolicy {
    private BaseUrlPolicy() {
    }

    /**
     * @return the URL without a trailing slash
     * @throws ConfigurationException naming {@code field} if it is malformed or not allowed
     */
    public static URI check(String field, String value, boolean allowInsecureLoopback) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new ConfigurationException(field, "is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new ConfigurationException(field, "must be an absolute https URL");
        }
        if (uri.getUserInfo() != null) {
            throw new ConfigurationException(field, "must not contain user credentials");
        }
        if (scheme.equals("http") && !(allowInsecureLoopback && isLoopback(uri.getHost()))) {
            throw new ConfigurationException(field,
                    "must use https (plain http is allowed only to a loopback address in sandbox setups)");
        }
        String text = uri.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }

    /** Decided from the literal host only: resolving a name here would invite DNS-rebinding tricks. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        String[] octets = h.split("\\.");
        if (octets.length != 4 || !octets[0].equals("127")) {
            return false;
        }
        for (String o : octets) {
            if (!o.matches("\\d{1,3}") || Integer.parseInt(o) > 255) {
                return false;
            }
        }
        return true;
    }
}
