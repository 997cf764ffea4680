package org.ferry.runtime.internal.store;

import java.nio.file.Path;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens Ferry's store on a thread of its own and registers it as the {@link Database} service once it is ready.
 * Creating the Derby database and applying the migrations took a second or more on Felix's start-level thread,
 * which starts bundles one after the other, so everything behind the engine (the admin API, the transforms,
 * Jersey) waited for it. Now they start meanwhile; what needs the store activates when it appears, and
 * {@code GET /api/health} answers STARTING until then ({@link #state()}).
 */
@Component(service = StoreStarter.class, immediate = true)
public class StoreStarter {
    private static final Logger LOG = LoggerFactory.getLogger(StoreStarter.class);

    /** Where the store is. */
    public enum State { STARTING, READY, FAILED }

    private final BundleContext context;
    private final Thread starter;
    private volatile State state = State.STARTING;
    private volatile String failure;
    private volatile boolean stopping;
    private Database database;
    private ServiceRegistration<Database> registration;

    @Activate
    public StoreStarter(BundleContext context) {
        this.context = context;
        Path data = Path.of(require(context, "ferry.data"));
        Path conf = Path.of(require(context, "ferry.conf"));
        // parsed here, so a bad store URL fails the start at once (never logged: it may hold a password)
        org.ferry.store.StoreSettings settings = org.ferry.store.StoreSettings.parse(
                context.getProperty(org.ferry.store.StoreSettings.URL_PROPERTY), System::getenv);
        String application = org.ferry.store.PostgresStore.sessionName(
                org.ferry.runtime.internal.cluster.NodeSettings.of(context::getProperty).id());
        this.starter = Thread.ofPlatform().name("ferry-store-start").start(() -> open(data, conf, settings, application));
    }

    private void open(Path data, Path conf, org.ferry.store.StoreSettings settings, String application) {
        long started = System.nanoTime();
        try {
            Database db = new Database(data, conf, settings, application);
            synchronized (this) {
                if (stopping) {
                    db.close();
                    return;
                }
                database = db;
                registration = context.registerService(Database.class, db, null);
            }
            // after the registration: the services over the store (users, projects, runs) are registered by then,
            // so health says UP only once a login can be answered
            state = State.READY;
            LOG.info("Store ready in {} ms", (System.nanoTime() - started) / 1_000_000);
        } catch (Exception | LinkageError e) {
            failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            state = State.FAILED;
            LOG.error("Ferry's store ({}) could not be opened: {}", settings.dialect() == org.ferry.store.Dialect.DERBY
                    ? data.resolve("db") : settings.describe(), failure, e);
        }
    }

    /** @return whether the store is still starting, ready, or failed to open */
    public State state() {
        return state;
    }

    /** @return why the store failed to open, or {@code null} */
    public String failure() {
        return failure;
    }

    @Deactivate
    void stop() throws InterruptedException {
        stopping = true;
        starter.join(60_000);
        ServiceRegistration<Database> r;
        Database db;
        synchronized (this) {
            r = registration;
            db = database;
            registration = null;
            database = null;
        }
        if (r != null) {
            try {
                r.unregister(); // the services that use the store stop first, then it shuts down
            } catch (IllegalStateException alreadyGone) {
                // unregistered with the bundle
            }
        }
        if (db != null) {
            db.close();
        }
    }

    private static String require(BundleContext context, String property) {
        String value = context.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("framework property " + property + " is not set");
        }
        return value;
    }
}
