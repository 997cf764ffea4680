package org.ferry.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for tests: {@code initdb} into a fresh temporary folder, {@code pg_ctl start} on a
 * free loopback port, password authentication for the role {@value #USER}; {@link #close()} stops it and deletes
 * the folder, and a shutdown hook stops every server a test left running.
 *
 * <p>PostgreSQL refuses to run as root, and CI runs as root: then the server runs as the {@code postgres} user
 * (through {@code runuser}) in a folder handed to that user. There is no skipping: a test that needs PostgreSQL and
 * cannot start it fails, saying why (the binaries are found in {@code FERRY_PG_BIN}, then
 * {@code /usr/lib/postgresql/<newest>/bin}, then the {@code PATH}; Debian's package is {@code postgresql}).
 */
public final class PostgresServer implements AutoCloseable {
    public static final String USER = "ferry";
    private static final Set<PostgresServer> LIVE = ConcurrentHashMap.newKeySet();
    private static final Duration START = Duration.ofSeconds(90);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(PostgresServer::stopQuietly), "ferry-pg-cleanup"));
    }

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final String password;
    private final boolean durable;
    private int port;
    private boolean running;

    private PostgresServer(Path bin, Path dir, String password, boolean durable) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.password = password;
        this.durable = durable;
    }

    /** A server tuned for tests: no fsync (a crash of the machine may lose it, which a throwaway server may). */
    public static PostgresServer start() {
        return start(false);
    }

    /**
     * @param durable whether commits are flushed to disk as a production server's are (for benchmarks that
     *                compare with Derby, which forces its log at every commit)
     */
    public static PostgresServer start(boolean durable) {
        Path bin = binaries();
        try {
            Path dir = Files.createTempDirectory("cluster-pg-");
            byte[] secret = new byte[12];
            new SecureRandom().nextBytes(secret);
            PostgresServer server = new PostgresServer(bin, dir, "pg-" + HexFormat.of().formatHex(secret), durable);
            LIVE.add(server);
            try {
                server.init();
                server.launch();
            } catch (RuntimeException | IOException | InterruptedException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a throwaway PostgreSQL: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting PostgreSQL", e);
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    /** @return the store URL Ferry takes ({@code --store}, {@code FERRY_STORE_URL}) for a database of this server */
    public String storeUrl(String database) {
        return "postgresql://" + host() + ":" + port + "/" + database + "?user=" + USER + "&password=" + password;
    }

    /** @return a JDBC connection to a database of this server, for tests that look at what Ferry stored */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host() + ":" + port + "/" + database, USER, password);
    }

    /** Creates an empty database. */
    public void createDatabase(String name) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server as a crash would ({@code pg_ctl stop -m immediate}: no checkpoint, clients cut off). */
    public void crash() throws IOException, InterruptedException {
        ctl(List.of("stop", "-m", "immediate", "-w", "-t", "60"));
        running = false;
    }

    /** Stops the server and starts it again on the same port, as an operator's restart does. */
    public void restart() throws IOException, InterruptedException {
        ctl(List.of("stop", "-m", "fast", "-w", "-t", "60"));
        running = false;
        launch(port);
    }

    /** Starts a server stopped by {@link #crash()} again, on the same port. */
    public void startAgain() throws IOException, InterruptedException {
        launch(port);
    }

    @Override
    public void close() {
        stopQuietly();
        LIVE.remove(this);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary folder left behind is no reason to fail a test
        }
    }

    private void stopQuietly() {
        if (!running) {
            return;
        }
        try {
            ctl(List.of("stop", "-m", "immediate", "-w", "-t", "30"));
        } catch (IOException | RuntimeException e) {
            // the process may be gone already
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running = false;
    }

    private void init() throws IOException, InterruptedException {
        Path pwfile = dir.resolve("pwfile");
        Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        if (asRoot()) {
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
            Files.setOwner(pwfile, postgres);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + pwfile,
                "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--locale=C", "--no-sync"),
                Duration.ofSeconds(120));
    }

    private void launch() throws IOException, InterruptedException {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                launch(freePort());
                return;
            } catch (IllegalStateException e) {
                last = e; // another process took the port between the probe and the start
            }
        }
        throw last;
    }

    private void launch(int candidate) throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(List.of("-p", Integer.toString(candidate), "-k", dir.toString(),
                "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300", "-c", "shared_buffers=64MB"));
        if (!durable) {
            options.addAll(List.of("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"));
        }
        ctl(List.of("start", "-w", "-t", Long.toString(START.toSeconds()), "-l", dir.resolve("server.log").toString(),
                "-o", String.join(" ", options)));
        port = candidate;
        running = true;
    }

    private void ctl(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString()));
        command.addAll(args);
        run(command, START.plusSeconds(30));
    }

    private void run(List<String> command, Duration limit) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
        pb.directory(dir.toFile());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within " + limit.toSeconds() + " s");
        }
        if (p.exitValue() != 0) {
            String log = "";
            Path serverLog = dir.resolve("server.log");
            if (Files.isReadable(serverLog)) {
                List<String> lines = Files.readAllLines(serverLog);
                log = "\nserver.log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
            }
            throw new IllegalStateException(command.get(0) + " " + command.subList(1, command.size()).stream()
                    .filter(a -> !a.startsWith("--pwfile")).toList() + " failed with status " + p.exitValue() + ":\n"
                    + new String(out, StandardCharsets.UTF_8).strip() + log);
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The folder holding initdb and pg_ctl. */
    static Path binaries() {
        String fromEnv = System.getenv("FERRY_PG_BIN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return require(Path.of(fromEnv));
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Path newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/pg_ctl")))
                        .max(Comparator.comparingInt(PostgresServer::major)).orElse(null);
                if (newest != null) {
                    return newest.resolve("bin");
                }
            } catch (IOException e) {
                // fall through to the PATH
            }
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path dir = Path.of(entry);
            if (Files.isExecutable(dir.resolve("pg_ctl")) && Files.isExecutable(dir.resolve("initdb"))) {
                return dir.resolve("pg_ctl").toAbsolutePath().getParent();
            }
        }
        throw new IllegalStateException("PostgreSQL is not installed: no initdb and pg_ctl in FERRY_PG_BIN, "
                + "/usr/lib/postgresql/*/bin or the PATH (Debian: apt-get install postgresql)");
    }

    private static Path require(Path dir) {
        if (!Files.isExecutable(dir.resolve("pg_ctl")) || !Files.isExecutable(dir.resolve("initdb"))) {
            throw new IllegalStateException("FERRY_PG_BIN=" + dir + " holds no pg_ctl and initdb");
        }
        return dir;
    }

    private static int major(Path versionDir) {
        try {
            return Integer.parseInt(versionDir.getFileName().toString().replaceAll("\\..*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
