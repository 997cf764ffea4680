package org.ferry.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The repository's entry point as a new user and an operator meet it, through {@code ./ferry} itself: a server
 * started in the background comes up without a warning and names its instance in health; a second server on the
 * same port is refused at once, in the foreground, in the background and by the demo, with the first left alone; one
 * command builds a partner example on a fresh copy of the repository, module by module, without Maven's colour
 * codes or the JDK's warnings, whatever JDK the machine's default is; the server's JVM maps the class archive the
 * build trained.
 */
class FirstContactIT {
    private static final Path ROOT = Path.of(System.getProperty("ferry.root", "../..")).toAbsolutePath().normalize();
    private static final Path WORK = Path.of(System.getProperty("ferry.work", "target/first-contact")).toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static int port;
    private static Path first;

    @BeforeAll
    static void startTheFirstServer() throws Exception {
        port = freePort();
        first = Files.createDirectories(WORK.resolve("first-" + System.currentTimeMillis()));
        System.out.println("[FirstContactIT] starting a server on port " + port + " with ./ferry start --detach");
        Shell.Result started = ferry(Duration.ofSeconds(120), "start", "--detach", "--port", Integer.toString(port),
                "--data", first.resolve("data").toString(), "--deploy", first.resolve("deploy").toString(),
                "--conf", first.resolve("conf").toString());
        assertEquals(0, started.status(), started.output());
        assertTrue(started.output().contains("Ferry is up at http://127.0.0.1:" + port + "/"), started.output());
    }

    @AfterAll
    static void stopTheFirstServer() throws Exception {
        if (first != null) {
            ferry(Duration.ofSeconds(60), "stop", "--data", first.resolve("data").toString());
        }
    }

    @Test
    void aServerStartedInTheBackgroundNamesItsInstanceAndStartsWithoutAWarning() throws Exception {
        String instance = Files.readString(first.resolve("data/ferry.instance")).trim();
        assertEquals(Optional.of(instance), Readiness.instanceOf(health()), "health names the instance the launcher wrote");

        List<String> console = Files.readAllLines(first.resolve("data/logs/console.out"));
        List<String> alarming = console.stream().filter(l -> l.contains("WARN") || l.contains("ERROR")
                || l.contains("Exception") || l.contains("sun.misc.Unsafe")).toList();
        assertEquals(List.of(), alarming, "the start prints nothing alarming:\n" + String.join("\n", console));
    }

    @Test
    void theServersJvmStartsFromTheClassArchiveTheBuildTrained() throws Exception {
        Path dist = Path.of(System.getProperty("ferry.dist", "target/ferry")).toAbsolutePath();
        assertTrue(Files.isRegularFile(dist.resolve(ClassArchiveTraining.ARCHIVE)), "the build wrote the archive");
        // -Xshare:on makes a JVM that cannot map its archives fail instead of going on without them
        Shell.Result help = Shell.run(WORK, Duration.ofSeconds(60), Map.of("JAVA_HOME", System.getProperty("java.home"),
                "FERRY_JAVA_OPTS", "-Xshare:on -Xlog:cds=info"), dist.resolve("bin/ferry-server").toString(), "--help");
        assertEquals(0, help.status(), help.output());
        assertTrue(help.output().contains("Opened shared archive file " + dist.resolve(ClassArchiveTraining.ARCHIVE)),
                help.output());
        assertFalse(help.output().contains("[error"), help.output());
    }

    @Test
    void aSecondServerOnATakenPortIsRefusedAtOnceInTheForegroundInTheBackgroundAndByTheDemo() throws Exception {
        String before = health();
        Path second = Files.createDirectories(WORK.resolve("second-" + System.currentTimeMillis()));
        String[] options = {"--port", Integer.toString(port), "--data", second.resolve("data").toString(),
                "--deploy", second.resolve("deploy").toString(), "--conf", second.resolve("conf").toString()};

        long t0 = System.nanoTime();
        Shell.Result foreground = ferry(Duration.ofSeconds(60), concat(new String[] {"start"}, options));
        Shell.Result detached = ferry(Duration.ofSeconds(60), concat(new String[] {"start", "--detach"}, options));
        Shell.Result demo = ferry(Duration.ofSeconds(60), concat(new String[] {"demo", "--once"}, options));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        for (Shell.Result r : List.of(foreground, detached, demo)) {
            assertEquals(FerryServer.EXIT_CANNOT_LISTEN, r.status(), r.output());
            assertTrue(r.output().contains("port " + port + " on 127.0.0.1 is already in use"), r.output());
            assertFalse(r.output().contains("Ferry is up"), r.output());
            assertFalse(r.output().contains("Exception"), r.output());
        }
        assertTrue(took.compareTo(Duration.ofSeconds(45)) < 0, "refused at once, not after a timeout: " + took);
        assertFalse(Files.exists(second.resolve("data/ferry.pid")), "the refused server left no pid file");
        assertEquals(Readiness.instanceOf(before), Readiness.instanceOf(health()), "the first server still answers, unchanged");
    }

    @Test
    void helpListsEveryCommandTheReadmeNamesAndEachCommandExplainsItself() throws Exception {
        Shell.Result help = ferry(Duration.ofSeconds(30), "--help");
        assertEquals(0, help.status(), help.output());
        Set<String> listed = Set.copyOf(help.lines().stream().map(String::trim).filter(l -> l.matches("[a-z]+ .*|[a-z]+"))
                .map(l -> l.split(" ")[0]).toList());
        for (String command : Readme.commands(Files.readString(ROOT.resolve("README.md")))) {
            assertTrue(listed.contains(command), "./ferry --help lists " + command + ":\n" + help.output());
        }
        assertFalse(help.output().contains("set -"), "no line of the script leaks into the help:\n" + help.output());
        assertFalse(help.output().contains("#"), help.output());

        for (String command : List.of("start", "demo", "build", "stop", "test", "sandbox", "bench")) {
            Shell.Result own = ferry(Duration.ofSeconds(30), command, "--help");
            assertEquals(0, own.status(), command + " --help: " + own.output());
            assertTrue(own.output().startsWith("Usage: ./ferry " + command), command + " --help: " + own.output());
        }
        assertTrue(ferry(Duration.ofSeconds(30), "start", "--help").output().contains("--detach"));
        Shell.Result unknown = ferry(Duration.ofSeconds(30), "strat");
        assertTrue(unknown.status() != 0 && unknown.output().contains("unknown command 'strat'"), unknown.output());
    }

    @Test
    void oneCommandBuildsAPartnerExampleOnAFreshCopyShowingEachModuleAndNothingAlarming() throws Exception {
        Path clone = WORK.resolve("clone-" + System.currentTimeMillis());
        copySources(ROOT, clone);
        String repo = System.getProperty("ferry.maven.repo");
        // whatever JDK the machine's default is (a JDK 17 where there is one, as on Debian), the script picks its own
        Map<String, String> env = Map.of("JAVA_HOME", olderJdk().orElse(System.getProperty("java.home")));

        Shell.Result build = Shell.run(clone, Duration.ofMinutes(5), env, clone.resolve("ferry").toString(), "build",
                "examples/partner-transform", "-o", "-Dmaven.repo.local=" + repo);

        assertEquals(0, build.status(), build.output());
        assertTrue(Files.exists(clone.resolve("examples/partner-transform/target/partner-transform-phone-0.1.0-SNAPSHOT.jar")),
                build.output());
        assertTrue(build.output().contains("[2/3] Ferry API"), "module by module:\n" + build.output());
        assertTrue(build.output().contains("[3/3] Example partner transform"), build.output());
        assertFalse(build.output().contains("\u001b["), "no colour codes in a pipe:\n" + build.output());
        assertFalse(build.output().contains("WARNING"), "no JDK or Maven warnings:\n" + build.output());
        assertFalse(build.output().contains("sun.misc.Unsafe"), build.output());
    }

    private static String health() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static Shell.Result ferry(Duration limit, String... args) throws IOException, InterruptedException {
        return Shell.run(ROOT, limit, Map.of(), concat(new String[] {ROOT.resolve("ferry").toString()}, args));
    }

    /** A JDK older than 21 on this machine, to stand for a default the script must not use. */
    private static Optional<String> olderJdk() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> all = Files.list(jvms)) {
            return all.filter(p -> Files.isExecutable(p.resolve("bin/javac")))
                    .filter(p -> p.getFileName().toString().matches(".*(1[1-7]|-8-).*")).map(Path::toString).findFirst();
        }
    }

    /** The repository as a clone has it: sources only, no build output, data or local settings. */
    private static void copySources(Path from, Path to) throws IOException {
        Set<String> skippedAnywhere = Set.of("target", ".git", ".mvn", "node_modules", ".idea");
        Set<String> skippedAtTheTop = Set.of("data", "deploy", "conf");
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path rel = from.relativize(dir);
                String name = dir.getFileName().toString();
                if (!dir.equals(from) && (skippedAnywhere.contains(name) || rel.getNameCount() == 1 && skippedAtTheTop.contains(name))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(rel.toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
