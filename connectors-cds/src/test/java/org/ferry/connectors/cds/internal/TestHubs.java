package org.ferry.connectors.cds.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.ferry.store.StoreSettings;
import org.ferry.testing.PostgresServer;

/**
 * The hub the tests run on: environments as Derby files under the data folder, or with
 * {@code -Dferry.test.store=postgresql} (the build's second run of this module's tests) as databases of a throwaway
 * PostgreSQL server, one store per data folder. One contract, two implementations.
 */
final class TestHubs {
    private static final Map<Path, StoreSettings> STORES = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static PostgresServer server;

    private TestHubs() {
    }

    static boolean postgres() {
        return "postgresql".equalsIgnoreCase(System.getProperty("ferry.test.store", "derby"));
    }

    static CdsConnectorFactory factory(Path data) {
        if (!postgres()) {
            return new CdsConnectorFactory(data);
        }
        StoreSettings store = STORES.computeIfAbsent(data.toAbsolutePath().normalize(), d -> {
            PostgresServer pg = server();
            String db = "h" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
            pg.createDatabase(db);
            return StoreSettings.parse(pg.storeUrl(db), System::getenv);
        });
        return new CdsConnectorFactory(data, store);
    }

    private static synchronized PostgresServer server() {
        if (server == null) {
            server = PostgresServer.start();
        }
        return server;
    }
}
