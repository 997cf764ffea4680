package org.ferry.runtime.internal.connections;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a connection's configuration may point at. Configuration is data, never code: a URL field
 * reaches a web service over https (plain http only to this machine, and only when the server allows
 * it for the sandbox and tests), and no field may smuggle in a JDBC, JNDI, LDAP, RMI or file location
 * that some library along the way might dereference. Loopback is decided from the literal host, never
 * by resolving the name, so a DNS answer cannot turn a remote host into "local".
 */
public final class UrlPolicy {
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final List<String> FORBIDDEN_SCHEMES =
            List.of("jdbc:", "jndi:", "ldap:", "ldaps:", "rmi:", "iiop:", "corba:", "dns:", "nis:", "file:", "jar:");
    private static final String LOCATIONS = "JDBC, JNDI, LDAP, RMI and file locations are not accepted";
    static final String NOT_DATA = "must be plain data: " + LOCATIONS;
    static final String NOT_HTTP = "must be an http or https URL; " + LOCATIONS;

    private final boolean allowInsecureLoopback;

    public UrlPolicy(boolean allowInsecureLoopback) {
        this.allowInsecureLoopback = allowInsecureLoopback;
    }

    /** @return what is wrong with a URL field's value, if anything; the message never repeats the value */
    public Optional<String> checkUrl(String value) {
        String text = value.trim();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return Optional.of("must be an absolute http or https URL");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || uri.isOpaque()) {
            return Optional.of(forbidden(text) ? NOT_HTTP
                    : "must be an absolute http or https URL");
        }
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of(NOT_HTTP);
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not contain credentials; use the connection's credential fields");
        }
        if (scheme.equals("http")) {
            if (!allowInsecureLoopback) {
                return Optional.of("must use https");
            }
            if (!isLoopback(uri.getHost())) {
                return Optional.of("must use https (plain http is allowed only to this machine: localhost,"
                        + " 127.0.0.1 or [::1])");
            }
        }
        return Optional.empty();
    }

    /** @return what is wrong with a text field's value, if anything */
    Optional<String> checkText(String value) {
        return forbidden(value) ? Optional.of(NOT_DATA) : Optional.empty();
    }

    boolean allowInsecureLoopback() {
        return allowInsecureLoopback;
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || h.equals("::1") || LOOPBACK_V4.matcher(h).matches();
    }

    private static boolean forbidden(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.contains("${jndi:") || v.contains("${ldap:")) {
            return true;
        }
        for (String scheme : FORBIDDEN_SCHEMES) {
            if (v.startsWith(scheme)) {
                return true;
            }
        }
        return false;
    }
}
