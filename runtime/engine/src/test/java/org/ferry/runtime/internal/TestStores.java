package org.ferry.runtime.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.ferry.runtime.internal.store.Database;
import org.ferry.store.StoreSettings;
import org.ferry.testing.PostgresServer;

/**
 * The store the engine's tests run on: embedded Derby, or with {@code -Dferry.test.store=postgresql} (the build's
 * second run of this module's tests) a database of a throwaway PostgreSQL server started once per test JVM. One
 * contract, two implementations: the same tests pass on both.
 */
public final class TestStores {
    public static final String PROPERTY = "ferry.test.store";
    /** The store URL a child JVM of a test is given, so it opens the parent's database. */
    public static final String URL_PROPERTY = "ferry.test.storeUrl";
    private static final Map<Path, String> DATABASES = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static volatile PostgresServer server;

    private TestStores() {
    }

    /** @return whether the tests run on PostgreSQL */
    public static boolean postgres() {
        return "postgresql".equalsIgnoreCase(System.getProperty(PROPERTY, "derby"));
    }

    /**
     * Opens the store of a data folder: Derby's files in it, or the PostgreSQL database made for it on first use,
     * so a test that reopens the same folder (a restart) finds what it stored.
     */
    public static Database open(Path dataDir, Path confDir) throws Exception {
        String given = System.getProperty(URL_PROPERTY);
        if (given != null) {
            return new Database(dataDir, confDir, StoreSettings.parse(given, System::getenv), "ferry-test");
        }
        if (!postgres()) {
            return new Database(dataDir, confDir);
        }
        return new Database(dataDir, confDir, StoreSettings.parse(storeUrl(dataDir), System::getenv), "ferry-test");
    }

    /** @return the JVM options that make a child process open the data folder's store as this process does */
    public static java.util.List<String> childOptions(Path dataDir) {
        String url = storeUrl(dataDir);
        return url == null ? java.util.List.of() : java.util.List.of("-D" + URL_PROPERTY + "=" + url);
    }

    /** @return the store URL of the data folder's database ({@code null} on Derby) */
    public static String storeUrl(Path dataDir) {
        if (!postgres()) {
            return null;
        }
        PostgresServer pg = server();
        String db = DATABASES.computeIfAbsent(dataDir.toAbsolutePath().normalize(), d -> {
            String name = "t" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
            pg.createDatabase(name);
            return name;
        });
        return pg.storeUrl(db);
    }

    /** @return the server the tests' databases are on (started on first use) */
    public static synchronized PostgresServer server() {
        if (server == null) {
            server = PostgresServer.start();
        }
        return server;
    }
}
