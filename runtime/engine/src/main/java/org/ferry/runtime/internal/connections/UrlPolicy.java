package org.ferry.runtime.internal.connections;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a connection's configuration and a webhook may point at: the egress policy. Configuration is data,
 * never code, and a URL is a request the server will make on the user's behalf, so:
 * <ul>
 *   <li>a URL field reaches a web service over https; plain http only to this machine, and only when the
 *       server allows it for the sandbox and tests ({@code allowInsecureLoopback});</li>
 *   <li>loopback itself is this machine's other services, reachable only under that same switch;</li>
 *   <li>link-local addresses (169.254.0.0/16, fe80::/10) and the cloud metadata endpoints
 *       (169.254.169.254, fd00:ec2::254, 100.100.100.200, metadata.google.internal, …) are always refused:
 *       they hand out the machine's cloud credentials;</li>
 *   <li>private ranges (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7) are refused unless the server
 *       allows them ({@code ferry.egress.allowPrivateNetworks}, for systems on the company network);</li>
 *   <li>ports must be real ports; no field may smuggle in a JDBC, JNDI, LDAP, RMI or file location, nor a
 *       {@code ${…}} lookup, that some library along the way might dereference.</li>
 * </ul>
 * When a URL is saved its literal host is judged without resolving it (a DNS answer must not decide what was
 * accepted); when a connection is opened or a webhook sent, the addresses the name resolves to are judged too
 * ({@link #checkResolved}), so a name pointing at a refused address is refused at use.
 */
public final class UrlPolicy {
    private static final Pattern IPV4_LIKE = Pattern.compile("[0-9.]+");
    private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata.goog", "metadata",
            "instance-data", "instance-data.ec2.internal", "metadata.azure.internal", "metadata.tencentyun.com");
    private static final Set<String> METADATA_ADDRESSES = Set.of("169.254.169.254", "169.254.170.2", "100.100.100.200",
            "fd00:ec2:0:0:0:0:0:254");
    private static final List<String> FORBIDDEN_SCHEMES =
            List.of("jdbc:", "jndi:", "ldap:", "ldaps:", "rmi:", "iiop:", "corba:", "dns:", "nis:", "file:", "jar:");
    private static final String LOCATIONS = "JDBC, JNDI, LDAP, RMI and file locations and ${…} lookups are not accepted";
    static final String NOT_DATA = "must be plain data: " + LOCATIONS;
    static final String NOT_HTTP = "must be an http or https URL; " + LOCATIONS;

    private final boolean allowInsecureLoopback;
    private final boolean allowPrivateNetworks;

    public UrlPolicy(boolean allowInsecureLoopback, boolean allowPrivateNetworks) {
        this.allowInsecureLoopback = allowInsecureLoopback;
        this.allowPrivateNetworks = allowPrivateNetworks;
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
        if (forbidden(text)) {
            return Optional.of(NOT_DATA);
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            // a port out of range leaves the authority unparsed: say which
            return Optional.of(uri.getRawAuthority() != null && uri.getRawAuthority().matches(".*:\\d{6,}$")
                    ? "must have a port from 1 to 65535" : "must name a host");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            return Optional.of("must have a port from 1 to 65535");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not contain credentials; use the connection's credential fields");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (scheme.equals("http")) {
            if (!allowInsecureLoopback) {
                return Optional.of("must use https");
            }
            if (!isLoopback(host)) {
                return Optional.of("must use https (plain http is allowed only to this machine: localhost,"
                        + " 127.0.0.1 or [::1])");
            }
        }
        return hostProblem(host);
    }

    /**
     * Judges the addresses a URL's host resolves to, when it is about to be called. A name that does not
     * resolve is no concern of the policy (the call fails on its own).
     */
    public Optional<String> checkResolved(String value) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (uri.getHost() == null) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException | SecurityException e) {
            return Optional.empty();
        }
        for (InetAddress a : addresses) {
            Optional<String> problem = addressProblem(a);
            if (problem.isPresent()) {
                return Optional.of("its host resolves to a refused address (" + problem.get() + ")");
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
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        InetAddress literal = literal(h);
        return literal != null && literal.isLoopbackAddress();
    }

    private Optional<String> hostProblem(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (METADATA_HOSTS.contains(h)) {
            return Optional.of("must not be a cloud metadata service");
        }
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return allowInsecureLoopback ? Optional.empty() : Optional.of("must not be this machine (loopback)");
        }
        InetAddress literal = literal(h);
        return literal == null ? Optional.empty() : addressProblem(literal);
    }

    private Optional<String> addressProblem(InetAddress a) {
        byte[] b = a.getAddress();
        if (METADATA_ADDRESSES.contains(a.getHostAddress())) {
            return Optional.of("must not be a cloud metadata service");
        }
        if (a.isLoopbackAddress()) {
            return allowInsecureLoopback ? Optional.empty() : Optional.of("must not be this machine (loopback)");
        }
        if (a.isLinkLocalAddress()) {
            return Optional.of("must not be a link-local address");
        }
        if (a.isAnyLocalAddress() || a.isMulticastAddress() || b.length == 4 && (b[0] == 0 || (b[0] & 0xff) >= 240)) {
            return Optional.of("must not be an unspecified, multicast or reserved address");
        }
        boolean privateRange = a.isSiteLocalAddress()
                || b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64 // 100.64.0.0/10, shared address space
                || a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc;           // fc00::/7, unique local
        if (privateRange && !allowPrivateNetworks) {
            return Optional.of("must not be a private network address (the server allows them only with"
                    + " ferry.egress.allowPrivateNetworks=true)");
        }
        return Optional.empty();
    }

    /** @return the address a host written as an IP literal stands for (no DNS look-up), or {@code null} */
    private static InetAddress literal(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!IPV4_LIKE.matcher(h).matches() && !h.contains(":")) {
            return null;
        }
        try {
            // a literal is parsed, never looked up; this also reads the short forms 127.1 and 2130706433
            return InetAddress.getByName(h);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * A location some library might dereference, or a lookup expression. Any {@code ${} counts, nested or not
     * ({@code ${${lower:j}ndi:…}}): nothing here evaluates one, and a check that only knew some spellings could be
     * walked around.
     */
    private static boolean forbidden(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.contains("${")) {
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
