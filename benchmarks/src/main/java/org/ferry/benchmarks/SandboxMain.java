package org.ferry.benchmarks;

import org.ferry.sandbox.SandboxOptions;
import org.ferry.testing.SandboxServer;

/**
 * The sandbox in its own JVM: the emulated cloud services must not share the measured JVM's heap (the
 * memory scenario gives that JVM 256 MB; the sandbox keeps every generated row in memory) nor its JIT and
 * GC. Prints one line with its addresses and secret, then serves until stdin closes. With a second argument
 * {@code warm}, first sends itself what a two-leg run sends, on other data ({@link SandboxWarmUp}).
 */
public final class SandboxMain {
    private SandboxMain() {
    }

    public static void main(String[] args) throws Exception {
        SandboxOptions options;
        if (args[0].contains("=")) {
            // the budget scenario: the sandbox's own options, limits and server time included
            java.util.Map<String, String> map = new java.util.LinkedHashMap<>();
            for (String a : args) {
                map.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            }
            map.putIfAbsent("client-secret", "bench-secret");
            map.putIfAbsent("token-lifetime", "14400");
            options = SandboxOptions.fromMap(map);
        } else {
            // Ferry's own speed: no server time and limits no run reaches
            options = SandboxOptions.builder().accounts(Integer.parseInt(args[0])).sampleData(false).unlimited()
                    .clientSecret("bench-secret").tokenLifetime(java.time.Duration.ofHours(4)).build();
        }
        try (SandboxServer sandbox = SandboxServer.start(options, "127.0.0.1", 0)) {
            if (args.length > 1 && args[1].equals("warm")) {
                try {
                    System.err.println(SandboxWarmUp.run(sandbox.salesUrl(), sandbox.operationsUrl(), sandbox.tokenUrl(),
                            sandbox.clientSecret()));
                } catch (Exception e) {
                    System.err.println("sandbox warm-up failed (the sandbox serves cold): " + e);
                }
            }
            System.out.println("SANDBOX " + sandbox.salesUrl() + " " + sandbox.operationsUrl() + " " + sandbox.tokenUrl()
                    + " " + sandbox.clientSecret());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the parent closes our stdin (or dies)
            }
        }
    }
}
