package org.ferry.store;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Where Ferry's store is: embedded Derby under the data folder (no URL, the default), or a PostgreSQL server
 * named by {@code postgresql://HOST[:PORT]/DATABASE?user=U[&password=P|&passwordFile=F][&sslmode=M]}.
 *
 * <p>The URL is parsed into these fields and a driver connection is built from the fields, never from the
 * text: a store URL names a server, it does not configure the driver, so driver properties that load classes
 * or write files ({@code socketFactory}, {@code sslfactory}, {@code loggerFile}: pgjdbc CVE-2022-21724) cannot be
 * slipped in. The password may come from the URL, a file ({@code passwordFile=} or {@code FERRY_STORE_PASSWORD_FILE})
 * or the environment ({@code FERRY_STORE_PASSWORD}); {@link #toString()} never shows it.
 *
 * @param dialect  which database
 * @param host     the PostgreSQL server's host ({@code null} for Derby)
 * @param port     its port
 * @param database the database Ferry's tables live in
 * @param user     the role Ferry logs in as
 * @param password its password, or {@code null} (trust or peer authentication)
 * @param sslMode  pgjdbc's {@code sslmode} ({@code disable}, {@code prefer}, {@code require}, {@code verify-ca},
 *                 {@code verify-full}), or {@code null} for the driver's default
 */
public record StoreSettings(Dialect dialect, String host, int port, String database, String user, String password,
                            String sslMode) {
    /** The environment variable and framework property naming the store. */
    public static final String URL_ENV = "FERRY_STORE_URL";
    public static final String URL_PROPERTY = "ferry.store.url";
    public static final String PASSWORD_ENV = "FERRY_STORE_PASSWORD";
    public static final String PASSWORD_FILE_ENV = "FERRY_STORE_PASSWORD_FILE";
    public static final int DEFAULT_PORT = 5432;

    private static final Set<String> PARAMETERS = Set.of("user", "password", "passwordFile", "sslmode");
    private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    /** The embedded Derby store: the default, one machine. */
    public static final StoreSettings DERBY = new StoreSettings(Dialect.DERBY, null, 0, null, null, null, null);

    /**
     * @param url the store URL, or {@code null}/blank for embedded Derby
     * @param env the environment to read {@code FERRY_STORE_PASSWORD(_FILE)} from ({@code System::getenv})
     * @throws IllegalArgumentException naming what is wrong with the URL (never echoing a password)
     */
    public static StoreSettings parse(String url, Function<String, String> env) {
        if (url == null || url.isBlank() || url.strip().equalsIgnoreCase("derby")) {
            return DERBY;
        }
        String text = url.strip();
        String rest = null;
        for (String scheme : new String[] {"postgresql://", "postgres://", "jdbc:postgresql://"}) {
            if (text.regionMatches(true, 0, scheme, 0, scheme.length())) {
                rest = text.substring(scheme.length());
                break;
            }
        }
        if (rest == null) {
            throw new IllegalArgumentException("the store must be 'derby' or postgresql://HOST[:PORT]/DATABASE?user=USER"
                    + " (the URL given starts with '" + scheme(text) + "')");
        }
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        if (rest.contains("@")) {
            throw new IllegalArgumentException("put the user and password in the query (?user=U&password=P) or the"
                    + " environment (" + PASSWORD_ENV + "), not before the host");
        }
        int slash = rest.indexOf('/');
        if (slash < 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("the store URL names no database: postgresql://HOST[:PORT]/DATABASE");
        }
        String hostPort = rest.substring(0, slash);
        String database = decode(rest.substring(slash + 1));
        if (database.contains("/") || !database.matches("[A-Za-z0-9_.$-]{1,63}")) {
            throw new IllegalArgumentException("the database name must be 1 to 63 letters, digits, '_', '-', '.' or '$'");
        }
        String host = hostPort;
        int port = DEFAULT_PORT;
        int colon = hostPort.lastIndexOf(':');
        if (colon >= 0 && !hostPort.endsWith("]")) {
            host = hostPort.substring(0, colon);
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("the store's port must be a number from 1 to 65535");
            }
        }
        if (host.isBlank() || !host.matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
            throw new IllegalArgumentException("the store URL names no valid host");
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (!PARAMETERS.contains(name)) {
                throw new IllegalArgumentException("the store URL may carry only " + String.join(", ", PARAMETERS.stream()
                        .sorted().toList()) + "; not '" + name + "' (driver properties are not configurable)");
            }
            if (params.put(name, value) != null) {
                throw new IllegalArgumentException("the store URL gives '" + name + "' twice");
            }
        }
        String user = params.get("user");
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("the store URL names no user: add ?user=USER");
        }
        String sslMode = params.get("sslmode");
        if (sslMode != null && !SSL_MODES.contains(sslMode.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("sslmode must be one of " + String.join(", ", SSL_MODES.stream().sorted().toList()));
        }
        String password = password(params, env);
        return new StoreSettings(Dialect.POSTGRESQL, host, port, database, user, password,
                sslMode == null ? null : sslMode.toLowerCase(Locale.ROOT));
    }

    private static String password(Map<String, String> params, Function<String, String> env) {
        if (params.containsKey("password") && params.containsKey("passwordFile")) {
            throw new IllegalArgumentException("the store URL gives both password and passwordFile; keep one");
        }
        if (params.containsKey("password")) {
            return params.get("password");
        }
        String file = params.get("passwordFile");
        if (file == null) {
            String fromEnv = env.apply(PASSWORD_ENV);
            if (fromEnv != null) {
                return fromEnv;
            }
            file = env.apply(PASSWORD_FILE_ENV);
        }
        if (file == null || file.isBlank()) {
            return null;
        }
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the store's password file " + file + " cannot be read: " + e.getMessage());
        }
    }

    /** @return whether several nodes may share this store (a server, not files one process holds) */
    public boolean shared() {
        return dialect == Dialect.POSTGRESQL;
    }

    /** @return the settings for another database on the same server (the CDS hub keeps each environment in one) */
    public StoreSettings withDatabase(String name) {
        return new StoreSettings(dialect, host, port, name, user, password, sslMode);
    }

    /** @return where the store is, without the password: for logs and messages */
    public String describe() {
        return dialect == Dialect.DERBY ? "embedded Derby"
                : "PostgreSQL at " + host + ":" + port + "/" + database + " as " + user;
    }

    @Override
    public String toString() {
        return describe();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the store URL has a malformed %-escape");
        }
    }

    private static String scheme(String text) {
        int end = text.indexOf("://");
        return end < 0 ? text.substring(0, Math.min(12, text.length())) : text.substring(0, end + 3);
    }
}
