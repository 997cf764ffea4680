package org.ferry.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code ./ferry demo}'s client: against a running server with the sandbox, creates the connections,
 * the connection set and the Prospect-to-Cash projects through the admin API, runs them, and prints a
 * summary, the console address and the admin credentials. Exit status 0 when every project ended
 * COMPLETED or WARNING.
 */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        String base = "http://127.0.0.1:8080";
        Path data = Path.of("data");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--base" -> base = args[i + 1];
                case "--data" -> data = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        try {
            System.exit(run(base, data));
        } catch (AdminClient.DemoException e) {
            System.err.println("demo: " + e.getMessage());
            System.exit(1);
        }
    }

    static int run(String base, Path data) throws IOException, InterruptedException {
        Credentials admin = Credentials.find(data);
        AdminClient api = new AdminClient(base);
        api.login("admin", admin.password());
        String secret = read(data.resolve("sandbox-client-secret"), "the sandbox's client secret (is the sandbox on?)");
        String set = new SandboxSetup(api, base, secret).connectionSet();
        System.out.println("Connections and the connection set '" + SandboxSetup.SET_NAME + "' are ready; running Prospect-to-Cash:");
        List<JsonNode> runs = new ProjectRunner(api, System.out).runAll(set);
        boolean ok = runs.stream().map(r -> r.path("status").asText()).allMatch(s -> s.equals("COMPLETED") || s.equals("WARNING"));
        System.out.println();
        System.out.println("Console:  " + base + "/");
        System.out.println("Login:    admin / " + admin.shown());
        System.out.println(ok ? "Every project ended COMPLETED or WARNING." : "Some projects ended in ERROR: see above.");
        return ok ? 0 : 1;
    }

    private static String read(Path file, String what) throws IOException {
        if (!Files.exists(file)) {
            throw new AdminClient.DemoException("cannot find " + what + " in " + file);
        }
        return Files.readString(file).trim();
    }

    /** The admin password: FERRY_ADMIN_PASSWORD, or the one the server generated on its first start. */
    record Credentials(String password, String shown) {
        static Credentials find(Path data) throws IOException {
            String env = System.getenv("FERRY_ADMIN_PASSWORD");
            if (env != null && !env.isBlank()) {
                return new Credentials(env, "(the password in FERRY_ADMIN_PASSWORD)");
            }
            Path file = data.resolve("initial-admin-password");
            String generated = read(file, "the generated admin password (set FERRY_ADMIN_PASSWORD if you changed it)");
            return new Credentials(generated, generated + "   (also in " + file + ")");
        }
    }
}
