package org.ferry.launcher;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ferry.store.StoreSettings;

/**
 * The server's command line: {@code [--port N] [--host H] [--data DIR] [--deploy DIR] [--conf DIR]
 * [--store URL] [--node NAME] [--node-url URL] [--run-slots N] [--sandbox] [--sandbox-only]
 * [--<sandbox option> VALUE …]}. Options the launcher does not know are
 * sandbox options ({@code --accounts 100000}, {@code --throttle-rate 0.2}) and are handed to the
 * sandbox as {@code ferry.sandbox.<name>}; without a sandbox they are an error, so a typo never passes
 * silently. The store is {@code --store}, else {@code FERRY_STORE_URL}, else embedded Derby; it is checked here,
 * before anything starts, so a mistyped URL is an error at once (naming no password).
 */
record LaunchOptions(Path home, Path data, Path deploy, Path conf, int port, String host, boolean sandbox,
                     boolean sandboxOnly, Map<String, String> sandboxOptions, String store, StoreSettings storeSettings,
                     String node, String nodeUrl, Integer runSlots) {

    private static final Set<String> FLAGS = Set.of("--sandbox", "--sandbox-only");

    static LaunchOptions parse(Path home, List<String> args) {
        return parse(home, args, System::getenv);
    }

    static LaunchOptions parse(Path home, List<String> args, java.util.function.Function<String, String> env) {
        String store = env.apply(StoreSettings.URL_ENV);
        String node = null;
        String nodeUrl = null;
        Integer runSlots = null;
        Path data = home.resolve("data");
        Path deploy = null;
        Path conf = null;
        int port = 8080;
        String host = "127.0.0.1";
        boolean sandbox = false;
        boolean sandboxOnly = false;
        Map<String, String> sandboxOptions = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (FLAGS.contains(arg)) {
                sandbox = true;
                sandboxOnly |= arg.equals("--sandbox-only");
                continue;
            }
            String name = arg;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                value = args.get(++i);
            }
            if (!name.startsWith("--") || name.length() < 3) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            switch (name) {
                case "--port" -> port = parsePort(value);
                case "--host" -> host = value;
                case "--data" -> data = Path.of(value);
                case "--deploy" -> deploy = Path.of(value);
                case "--conf" -> conf = Path.of(value);
                case "--store" -> store = value;
                case "--node" -> node = value;
                case "--node-url" -> nodeUrl = value;
                case "--run-slots" -> runSlots = parseSlots(value);
                case "--home" -> throw new IllegalArgumentException("--home is set by the bin/ferry-server script");
                default -> sandboxOptions.put(name.substring(2), value);
            }
        }
        if (!sandbox && !sandboxOptions.isEmpty()) {
            throw new IllegalArgumentException("unknown option --" + sandboxOptions.keySet().iterator().next()
                    + " (sandbox options need --sandbox)");
        }
        data = data.toAbsolutePath().normalize();
        StoreSettings settings;
        try {
            settings = StoreSettings.parse(store, env);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--store: " + e.getMessage());
        }
        if (node != null && (node.isBlank() || node.length() > 100 || node.chars().anyMatch(Character::isISOControl))) {
            throw new IllegalArgumentException("--node must be 1 to 100 printable characters");
        }
        return new LaunchOptions(home, data,
                (deploy == null ? home.resolve("deploy") : deploy).toAbsolutePath().normalize(),
                (conf == null ? home.resolve("conf") : conf).toAbsolutePath().normalize(),
                port, host, sandbox, sandboxOnly, Map.copyOf(sandboxOptions), settings.shared() ? store : null, settings,
                node, nodeUrl, runSlots);
    }

    private static int parseSlots(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 1 || n > 1000) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--run-slots must be a number from 1 to 1000, not '" + value + "'");
        }
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number from 1 to 65535, not '" + value + "'");
        }
    }
}
